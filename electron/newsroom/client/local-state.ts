import { access, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { NewsroomNotice } from '../../../shared/ipc/newsroom';
import { DeskRole } from '../../../shared/model/workflow';
import { writeFileDurably } from '../../store/durable-file';

/**
 * What the sync service keeps in the library folder, beside the stories it syncs:
 *
 *   stories/<id>.ystate    the story's Yjs state (Y.encodeStateAsUpdate), written durably
 *                          after each change, so edits made offline survive a restart and
 *                          go out on reconnect
 *   newsroom/client.json   the documents with changes the server has not confirmed, when
 *                          each story was last opened here (to keep it offline N days), the
 *                          notices not yet read, and the role the server gave at sign-in
 *
 * The session token is never here (token-store.ts).
 */

export const ystatePath = (libraryRoot: string, storyId: string): string =>
  join(libraryRoot, 'stories', `${storyId}.ystate`);

export async function readYState(libraryRoot: string, storyId: string): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await readFile(ystatePath(libraryRoot, storyId)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export const writeYState = (libraryRoot: string, storyId: string, state: Uint8Array): Promise<void> =>
  writeFileDurably(ystatePath(libraryRoot, storyId), state);

/** Defined with the window's contract (shared/ipc/newsroom.ts), which shows the notices. */
export { NewsroomNotice };

export const ClientState = z.object({
  /** Story ids with local changes the server has not confirmed. */
  pending: z.array(z.string()).default([]),
  /** Story id → when it was last opened here (ISO). */
  opened: z.record(z.string(), z.string()).default({}),
  notices: z.array(NewsroomNotice).default([]),
  role: DeskRole.nullable().default(null),
});
export type ClientState = z.infer<typeof ClientState>;

const clientStatePath = (libraryRoot: string): string => join(libraryRoot, 'newsroom', 'client.json');

export async function readClientState(libraryRoot: string): Promise<ClientState> {
  try {
    const parsed = ClientState.safeParse(JSON.parse(await readFile(clientStatePath(libraryRoot), 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // Missing or damaged: start afresh. Nothing of the stories lives here: a pending list
    // that is lost only delays the count, the Yjs states still hold every change.
  }
  return ClientState.parse({});
}

export async function writeClientState(libraryRoot: string, state: ClientState): Promise<void> {
  await mkdir(join(libraryRoot, 'newsroom'), { recursive: true });
  await writeFileDurably(clientStatePath(libraryRoot), `${JSON.stringify(state, null, 2)}\n`);
}

/**
 * Changes waiting, read from the library alone (no connection): the stories whose changes the
 * server has not confirmed, and those never synced at all (no Yjs state beside them yet).
 */
export async function changesWaitingIn(libraryRoot: string, storyIds: readonly string[]): Promise<number> {
  const waiting = new Set((await readClientState(libraryRoot)).pending);
  for (const id of storyIds) {
    if (waiting.has(id)) continue;
    const synced = await access(ystatePath(libraryRoot, id)).then(
      () => true,
      () => false,
    );
    if (!synced) waiting.add(id);
  }
  return waiting.size;
}
