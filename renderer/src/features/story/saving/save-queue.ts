import { isConflict } from '../../../ui/describe-error';

export type SavePhase = 'saved' | 'dirty' | 'saving' | 'error' | 'conflict';

export interface SaveState {
  phase: SavePhase;
  /** The failure behind 'error' and 'conflict'. */
  error: unknown;
}

export type FlushResult = { ok: true } | { ok: false; error: unknown };

export interface SaveQueueDeps<F extends object> {
  /** Sends the changed fields; resolves with the revision the host stored. */
  send: (baseRevision: number, changes: Partial<F>) => Promise<number>;
  /** The editor's current values: read at send time, so a save never carries stale text. */
  read: () => F;
  onChange: (state: SaveState) => void;
  /** After each successful save: the revision stored; the draft journal trims itself here. */
  onSaved?: (revision: number) => void;
}

/**
 * Saves one story's edits. Only fields marked dirty are sent, one save at a time: a save
 * asked for while another is in flight runs right after it, based on the revision the first
 * one produced. A failed save keeps its fields dirty for the next attempt; a conflict stops
 * saving altogether, because writing over someone else's revision is exactly what the
 * revision check exists to prevent.
 */
export class SaveQueue<F extends object> {
  private readonly dirty = new Set<keyof F>();
  private running: Promise<FlushResult> | null = null;
  private again = false;
  private failure: unknown = null;
  private conflicted = false;
  private closed = false;

  constructor(
    private baseRevision: number,
    private readonly deps: SaveQueueDeps<F>,
  ) {}

  get revision(): number {
    return this.baseRevision;
  }

  get isDirty(): boolean {
    return this.dirty.size > 0;
  }

  /** Fields changed since the last save read them (not those of a save in flight). */
  get dirtyFields(): (keyof F)[] {
    return [...this.dirty];
  }

  get isConflicted(): boolean {
    return this.conflicted;
  }

  get state(): SaveState {
    if (this.conflicted) return { phase: 'conflict', error: this.failure };
    if (this.running) return { phase: 'saving', error: null };
    if (this.closed) return { phase: 'saved', error: null };
    if (this.failure !== null) return { phase: 'error', error: this.failure };
    return { phase: this.dirty.size > 0 ? 'dirty' : 'saved', error: null };
  }

  markDirty(field: keyof F): void {
    if (this.closed) return;
    const wasClean = this.dirty.size === 0;
    this.dirty.add(field);
    if (wasClean && !this.running) this.emit();
  }

  /** Saves whatever is dirty; never rejects (failures are in the result and the state). */
  flush(): Promise<FlushResult> {
    if (this.conflicted) return Promise.resolve({ ok: false, error: this.failure });
    if (this.closed) return Promise.resolve({ ok: true });
    if (this.running) {
      this.again = true;
      return this.running;
    }
    if (this.dirty.size === 0) return Promise.resolve({ ok: true });
    this.running = this.run().finally(() => {
      this.running = null;
      this.emit();
    });
    this.emit();
    return this.running;
  }

  /** Forgets unsaved edits and stops saving: the story is gone or the user chose to drop them. */
  discard(): void {
    this.dirty.clear();
    this.closed = true;
    this.emit();
  }

  private async run(): Promise<FlushResult> {
    do {
      this.again = false;
      if (this.dirty.size === 0) break;
      const fields = [...this.dirty];
      this.dirty.clear();
      try {
        const current = this.deps.read();
        const changes: Partial<F> = {};
        for (const field of fields) changes[field] = current[field];
        this.baseRevision = await this.deps.send(this.baseRevision, changes);
        this.failure = null;
        this.deps.onSaved?.(this.baseRevision);
      } catch (error) {
        for (const field of fields) this.dirty.add(field);
        this.failure = error ?? new Error('save failed');
        this.conflicted = isConflict(error);
        return { ok: false, error: this.failure };
      }
    } while (this.again);
    return { ok: true };
  }

  private emit(): void {
    this.deps.onChange(this.state);
  }
}
