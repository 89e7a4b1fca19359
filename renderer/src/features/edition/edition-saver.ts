import type { Edition } from '../../../../shared/model/edition';
import { isConflict } from '../../ui/describe-error';

export type EditionSavePhase = 'saved' | 'dirty' | 'saving' | 'error' | 'conflict';

export interface EditionSaveState {
  phase: EditionSavePhase;
  error: unknown;
}

export interface EditionSaverDeps {
  /** Saves the edition over the version named by baseUpdatedAt; resolves with what was stored. */
  send: (edition: Edition, baseUpdatedAt: string) => Promise<Edition>;
  /** The edition as the desk has it now: read at send time, so a save never carries a stale state. */
  read: () => Edition;
  onChange: (state: EditionSaveState) => void;
  delayMs?: number;
}

/**
 * The debounced autosave of one edition. One save at a time, each naming the updatedAt the
 * last one returned; an edit during a save is sent right after it. A conflict stops saving
 * (someone else's layout would be overwritten); an error waits for the next edit or a retry.
 */
export class EditionSaver {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private lastSent: Edition;
  private state: EditionSaveState = { phase: 'saved', error: null };

  constructor(
    private base: string,
    saved: Edition,
    private readonly deps: EditionSaverDeps,
  ) {
    this.lastSent = saved;
  }

  get phase(): EditionSavePhase {
    return this.state.phase;
  }

  get pending(): boolean {
    return this.timer !== null || this.running !== null || this.deps.read() !== this.lastSent;
  }

  private set(state: EditionSaveState): void {
    this.state = state;
    this.deps.onChange(state);
  }

  /** An edit happened: save a moment later. */
  schedule(): void {
    if (this.state.phase === 'conflict') return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.deps.delayMs ?? 700);
    if (!this.running) this.set({ phase: 'dirty', error: null });
  }

  /** Saves now whatever is waiting; never rejects. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.state.phase === 'conflict') return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const sent = this.deps.read();
    if (sent === this.lastSent) {
      if (this.state.phase !== 'saved') this.set({ phase: 'saved', error: null });
      return Promise.resolve();
    }
    this.set({ phase: 'saving', error: null });
    this.running = this.deps
      .send(sent, this.base)
      .then(
        (saved) => {
          this.base = saved.updatedAt;
          this.lastSent = sent;
          this.set({ phase: this.deps.read() === sent ? 'saved' : 'dirty', error: null });
          return true;
        },
        (error: unknown) => {
          this.set({ phase: isConflict(error) ? 'conflict' : 'error', error });
          return false;
        },
      )
      .then((ok) => {
        this.running = null;
        const again = this.again;
        this.again = false;
        if (ok && (again || this.deps.read() !== this.lastSent)) return this.flush();
      });
    return this.running;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
