import { type JournalStorage, clearJournal, writeJournal } from './draft-journal';
import type { EditableField, EditableFields } from '../fields/editable-fields';

/** Often enough that a crash loses a fraction of a second, rarely enough to cost nothing. */
export const JOURNAL_THROTTLE_MS = 300;

interface JournalWriterDeps {
  storyId: string;
  storage: JournalStorage | null;
  /** The live values, read when the entry is written. */
  read: () => EditableFields;
  /** The revision the unsaved changes sit on: the last one saved or loaded. */
  revision: () => number;
  now?: () => Date;
  throttleMs?: number;
}

/**
 * Keeps one story's draft journal in step with the editor: every change is written after
 * JOURNAL_THROTTLE_MS, in the browser's idle time within twice that (serialising a long body on
 * each keystroke would be wasted work), at once when the page is hidden or unloads, and
 * trimmed to what is still unsaved after each
 * successful save. Fields stay in the journal while their save is in flight: if the window
 * closes before the host answers, nothing depends on whether that save landed.
 */
export class JournalWriter {
  private readonly pending = new Set<EditableField>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private idle: number | undefined;
  private lastWrite = 0;
  private stopped = false;

  constructor(private readonly deps: JournalWriterDeps) {}

  get hasPending(): boolean {
    return this.pending.size > 0;
  }

  changed(field: EditableField): void {
    if (this.stopped || !this.deps.storage) return;
    this.pending.add(field);
    if (this.timer !== undefined || this.idle !== undefined) return;
    const throttle = this.deps.throttleMs ?? JOURNAL_THROTTLE_MS;
    const delay = Math.max(0, throttle - (this.clock() - this.lastWrite));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // In the browser, in idle time: right after the frame that shows the last keystroke,
      // so serialising a long body (milliseconds for 30,000 characters) does not sit between
      // the next keystroke and its echo. The deadline keeps steady typing from postponing it.
      if (typeof requestIdleCallback === 'function') {
        this.idle = requestIdleCallback(
          () => {
            this.idle = undefined;
            this.writeNow();
          },
          { timeout: throttle },
        );
      } else this.writeNow();
    }, delay);
  }

  /** A save succeeded; `stillDirty` changed after that save read them and remain unsaved. */
  saved(stillDirty: readonly EditableField[]): void {
    if (this.stopped) return;
    this.pending.clear();
    for (const field of stillDirty) this.pending.add(field);
    if (this.pending.size === 0) {
      this.cancel();
      if (this.deps.storage) clearJournal(this.deps.storage, this.deps.storyId);
    } else {
      this.writeNow();
    }
  }

  /** Writes the entry now, synchronously: for pagehide, beforeunload and unmount. */
  writeNow(): void {
    this.cancel();
    const storage = this.deps.storage;
    if (this.stopped || !storage || this.pending.size === 0) return;
    const values = this.deps.read();
    const changes: Partial<EditableFields> = {};
    for (const field of this.pending) Object.assign(changes, { [field]: values[field] });
    const now = this.deps.now?.() ?? new Date();
    writeJournal(storage, this.deps.storyId, { baseRevision: this.deps.revision(), changes, at: now.toISOString() });
    this.lastWrite = now.getTime();
  }

  /** The user chose to drop the edits (or the story is gone): forget them for good. */
  discard(): void {
    this.cancel();
    this.pending.clear();
    this.stopped = true;
    if (this.deps.storage) clearJournal(this.deps.storage, this.deps.storyId);
  }

  private cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.idle !== undefined) cancelIdleCallback(this.idle);
    this.timer = undefined;
    this.idle = undefined;
  }

  private clock(): number {
    return (this.deps.now?.() ?? new Date()).getTime();
  }
}
