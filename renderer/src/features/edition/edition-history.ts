/**
 * Undo and redo over whole edition states. Editions are immutable values, so a state is
 * kept by reference and costs nothing to remember. A drag is one step: the view commits
 * once on release, not on every pointer move. Consecutive changes with the same `coalesce`
 * key (typing in a numeric field) merge into one step.
 */
export class EditionHistory<T> {
  private past: T[] = [];
  private future: T[] = [];
  private lastKey: string | null = null;

  constructor(
    private current: T,
    private readonly limit = 200,
  ) {}

  get present(): T {
    return this.current;
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  /** How many steps back and forth are kept. */
  get depth(): { undo: number; redo: number } {
    return { undo: this.past.length, redo: this.future.length };
  }

  /** A new state after an edit; the redo branch is dropped. */
  push(next: T, coalesce?: string): T {
    if (next === this.current) return this.current;
    if (!(coalesce && coalesce === this.lastKey && this.past.length > 0)) {
      this.past.push(this.current);
      if (this.past.length > this.limit) this.past.shift();
    }
    this.current = next;
    this.future = [];
    this.lastKey = coalesce ?? null;
    return next;
  }

  undo(): T {
    const previous = this.past.pop();
    if (previous === undefined) return this.current;
    this.future.push(this.current);
    this.current = previous;
    this.lastKey = null;
    return previous;
  }

  redo(): T {
    const next = this.future.pop();
    if (next === undefined) return this.current;
    this.past.push(this.current);
    this.current = next;
    this.lastKey = null;
    return next;
  }

  /**
   * The stored state replaced without an undo step: what the library returned after a save
   * (new updatedAt, renumbered pages) stands for the state that was sent.
   */
  replacePresent(next: T): void {
    this.current = next;
  }

  /**
   * Every state rewritten (a change from elsewhere merged into each), steps kept: undo then
   * takes back this desk's own edits, not what arrived.
   */
  rewrite(change: (state: T) => T): T {
    this.past = this.past.map(change);
    this.future = this.future.map(change);
    this.current = change(this.current);
    return this.current;
  }

  /** Everything forgotten: after a reload the old states belong to another version. */
  reset(next: T): void {
    this.past = [];
    this.future = [];
    this.current = next;
    this.lastKey = null;
  }
}
