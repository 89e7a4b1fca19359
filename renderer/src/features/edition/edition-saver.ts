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
  /**
   * With a newsroom: a conflict (the edition changed elsewhere since the last save) is
   * resolved by merging what is in the library now into the desk's edition (rebase) and
   * saving again; resolves false when that could not be done. Without: a conflict stops saving.
   */
  resolveConflict?: () => Promise<boolean>;
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
  /** Conflicts resolved in a row: a save that keeps meeting one gives up. */
  private conflicts = 0;
  private conflictError: unknown = null;

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

  /** The updatedAt of the edition in the library as this desk last knew it (the next save's base). */
  get baseUpdatedAt(): string {
    return this.base;
  }

  /** The edition as it was last saved (or loaded, or merged in from elsewhere). */
  get lastSaved(): Edition {
    return this.lastSent;
  }

  /** Whether a save is under way. */
  get busy(): boolean {
    return this.running !== null;
  }

  /** Resolves when no save is under way. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** The library now holds `latest` (a change from elsewhere merged in): the next save goes over it. */
  rebase(latest: Edition): void {
    this.base = latest.updatedAt;
    this.lastSent = latest;
  }

  get pending(): boolean {
    return this.timer !== null || this.running !== null || this.deps.read() !== this.lastSent;
  }

  private set(state: EditionSaveState): void {
    this.state = state;
    this.deps.onChange(state);
  }

  /** An edit happened: save a moment later (`delayMs`: sooner than usual, for a block moved in a newsroom). */
  schedule(delayMs?: number): void {
    if (this.state.phase === 'conflict') return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), delayMs ?? this.deps.delayMs ?? 700);
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
          this.conflicts = 0;
          this.set({ phase: this.deps.read() === sent ? 'saved' : 'dirty', error: null });
          return 'saved' as const;
        },
        (error: unknown) => {
          if (isConflict(error) && this.deps.resolveConflict && this.conflicts < 3) {
            this.conflicts++;
            this.conflictError = error;
            return 'merge' as const;
          }
          this.set({ phase: isConflict(error) ? 'conflict' : 'error', error });
          return 'failed' as const;
        },
      )
      .then(async (outcome) => {
        this.running = null;
        const again = this.again;
        this.again = false;
        if (outcome === 'merge') {
          const merged = await this.deps.resolveConflict!().catch(() => false);
          if (!merged) {
            this.set({ phase: 'conflict', error: this.conflictError });
            return;
          }
          return this.flush();
        }
        if (outcome === 'saved' && (again || this.deps.read() !== this.lastSent)) return this.flush();
      });
    return this.running;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
