import { z } from 'zod';
import { EditableChanges, type EditableFields, editableFieldNames } from '../fields/editable-fields';

/**
 * A local journal of edits not yet saved, one entry per story in localStorage. The autosave
 * has a delay and a save can be in flight when the window closes or the renderer crashes;
 * the journal is written synchronously, so what was typed survives either and is offered
 * back the next time the story opens. It is cleared once a save covering it succeeds.
 */

export interface DraftJournalEntry {
  /** The revision the changes were made on: the last one this editor saved or loaded. */
  baseRevision: number;
  /** Current values of the fields changed since that revision. */
  changes: Partial<EditableFields>;
  /** When the entry was written (ISO). */
  at: string;
}

/** The part of the Web Storage API the journal needs; tests pass a Map-backed one. */
export type JournalStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const Entry = z.object({
  baseRevision: z.number().int().nonnegative(),
  changes: EditableChanges,
  at: z.iso.datetime({ offset: true }),
});

export const journalKey = (storyId: string): string => `masthead.draft.${storyId}`;

/** Writes the entry; false when storage refuses (quota, private mode): autosave still runs. */
export function writeJournal(storage: JournalStorage, storyId: string, entry: DraftJournalEntry): boolean {
  try {
    storage.setItem(journalKey(storyId), JSON.stringify(entry));
    return true;
  } catch {
    return false;
  }
}

/** The story's entry, or null when there is none or it cannot be read (it is then dropped). */
export function readJournal(storage: JournalStorage, storyId: string): DraftJournalEntry | null {
  let raw: string | null;
  try {
    raw = storage.getItem(journalKey(storyId));
  } catch {
    return null;
  }
  if (raw === null) return null;
  try {
    const parsed = Entry.safeParse(JSON.parse(raw));
    if (parsed.success) return parsed.data;
  } catch {
    // Not JSON: fall through and drop it, a broken entry must not block the story forever.
  }
  clearJournal(storage, storyId);
  return null;
}

export function clearJournal(storage: JournalStorage, storyId: string): void {
  try {
    storage.removeItem(journalKey(storyId));
  } catch {
    // Storage unavailable: there is nothing to clear either.
  }
}

export type RecoveryPlan =
  | { kind: 'none' }
  /** The changes were made on the revision that is still current: apply them. */
  | { kind: 'apply'; changes: Partial<EditableFields>; at: string }
  /** The story moved on since (saved elsewhere, or a save that did land): ask first. */
  | { kind: 'stale'; changes: Partial<EditableFields>; at: string; baseRevision: number };

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * What to do with a journal entry when a story opens. Changes already in the story (a save
 * that landed just before the window closed) are dropped first, so a finished save never
 * comes back as "recovered" text.
 */
export function planRecovery(
  entry: DraftJournalEntry | null,
  story: EditableFields & { revision: number },
): RecoveryPlan {
  if (!entry) return { kind: 'none' };
  const changes: Partial<EditableFields> = {};
  let any = false;
  for (const field of editableFieldNames) {
    if (!(field in entry.changes)) continue;
    const value = entry.changes[field];
    if (value === undefined || same(value, story[field])) continue;
    Object.assign(changes, { [field]: value });
    any = true;
  }
  if (!any) return { kind: 'none' };
  if (entry.baseRevision === story.revision) return { kind: 'apply', changes, at: entry.at };
  return { kind: 'stale', changes, at: entry.at, baseRevision: entry.baseRevision };
}

/** Browser localStorage, or null where it is unavailable (sandboxed frames, some tests). */
export function browserJournalStorage(): JournalStorage | null {
  try {
    return typeof window !== 'undefined' && window.localStorage ? window.localStorage : null;
  } catch {
    return null;
  }
}
