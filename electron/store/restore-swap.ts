import { readFile, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { moveDurably, writeFileDurably } from './durable-file';

/**
 * A restore swaps the library's folders for the backup's by renames, one item at a time. A
 * kill between two renames would leave a mix (stories from the backup, editions from
 * before), so the swap keeps a journal in the library: written once the backup is wholly
 * unpacked beside the library, removed once every item is in place. The next open finds
 * the journal and finishes the swap (or, when the restore was being undone, undoes it), so
 * a library is always wholly the old one or wholly the backup's. Each step is a rename
 * that can be seen on disk, so either direction can be taken from any point.
 */
export const RESTORE_JOURNAL = '.restore-journal.json';
const INCOMING = '.restore-new-';
const OUTGOING = '.restore-old-';

const Journal = z.object({
  id: z.string().regex(/^[0-9a-f]{12}$/),
  /** In swap order; library.json last. */
  items: z.array(z.string().regex(/^[a-z-]+(\.json)?$/)),
  /** Items the library did not have before the restore (nothing to put back for them). */
  absent: z.array(z.string()),
  /** forward: the restore is being finished; back: it failed and is being undone. */
  direction: z.enum(['forward', 'back']),
});
type Journal = z.infer<typeof Journal>;

export const incomingDir = (root: string, id: string): string => join(root, `${INCOMING}${id}`);
export const outgoingDir = (root: string, id: string): string => join(root, `${OUTGOING}${id}`);

const present = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

async function writeJournal(root: string, journal: Journal): Promise<void> {
  await writeFileDurably(join(root, RESTORE_JOURNAL), JSON.stringify(journal));
}

/** Called after each step of a swap; the restore kill test stops the process there. */
export type SwapStep = (step: string) => void;

/** Puts the unpacked backup in place of the library's items, finishing what a kill interrupted. */
async function forward(root: string, journal: Journal, onStep?: SwapStep): Promise<void> {
  const incoming = incomingDir(root, journal.id);
  const outgoing = outgoingDir(root, journal.id);
  for (const item of journal.items) {
    if (!(await present(join(incoming, item)))) continue; // in place already
    const current = join(root, item);
    if (await present(current)) {
      await moveDurably(current, join(outgoing, item));
      onStep?.(`aside ${item}`);
    }
    await moveDurably(join(incoming, item), current);
    onStep?.(`in ${item}`);
  }
}

/** Puts the library's own items back, newest move first. */
async function back(root: string, journal: Journal, onStep?: SwapStep): Promise<void> {
  const incoming = incomingDir(root, journal.id);
  const outgoing = outgoingDir(root, journal.id);
  for (const item of [...journal.items].reverse()) {
    const current = join(root, item);
    const aside = join(outgoing, item);
    if (await present(aside)) {
      if (await present(current)) await moveDurably(current, join(incoming, item));
      await moveDurably(aside, current);
      onStep?.(`back ${item}`);
    } else if (journal.absent.includes(item) && !(await present(join(incoming, item))) && (await present(current))) {
      await moveDurably(current, join(incoming, item));
      onStep?.(`out ${item}`);
    }
  }
}

async function cleanUp(root: string, id: string): Promise<void> {
  await rm(join(root, RESTORE_JOURNAL), { force: true });
  await rm(incomingDir(root, id), { recursive: true, force: true });
  await rm(outgoingDir(root, id), { recursive: true, force: true });
}

/**
 * Swaps the unpacked backup in `incomingDir(root, id)` into the library. On a failure the
 * library's own items are put back and the error is rethrown.
 */
export async function swapIn(root: string, id: string, items: readonly string[], onStep?: SwapStep): Promise<void> {
  const absent: string[] = [];
  for (const item of items) if (!(await present(join(root, item)))) absent.push(item);
  const journal: Journal = { id, items: [...items], absent, direction: 'forward' };
  await writeJournal(root, journal);
  onStep?.('journal');
  try {
    await forward(root, journal, onStep);
  } catch (error) {
    const undo = { ...journal, direction: 'back' as const };
    await writeJournal(root, undo).catch(() => undefined);
    await back(root, undo).catch(() => undefined);
    await cleanUp(root, id).catch(() => undefined);
    throw error;
  }
  await rm(join(root, RESTORE_JOURNAL), { force: true });
  onStep?.('done');
  await cleanUp(root, id);
}

/**
 * What an interrupted restore left, dealt with at open: with its journal the swap is finished
 * (or undone, if it was being undone); without one, nothing was swapped yet, or all of it
 * was, and the leftover folders are removed. Null when no restore was interrupted.
 */
export async function finishInterruptedRestore(root: string): Promise<'finished' | 'undone' | 'cleaned' | null> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return null;
  }
  let outcome: 'finished' | 'undone' | 'cleaned' | null = null;
  if (names.includes(RESTORE_JOURNAL)) {
    let journal: Journal | null = null;
    try {
      journal = Journal.parse(JSON.parse(await readFile(join(root, RESTORE_JOURNAL), 'utf8')));
    } catch {
      // Written durably, so never torn; a journal that does not parse is not ours to follow.
    }
    if (journal) {
      if (journal.direction === 'forward') await forward(root, journal);
      else await back(root, journal);
      await cleanUp(root, journal.id);
      outcome = journal.direction === 'forward' ? 'finished' : 'undone';
    }
  }
  for (const name of await readdir(root)) {
    if (!name.startsWith(INCOMING) && !name.startsWith(OUTGOING)) continue;
    await rm(join(root, name), { recursive: true, force: true });
    outcome ??= 'cleaned';
  }
  return outcome;
}
