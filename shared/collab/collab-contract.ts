import { z } from 'zod';
import { Id } from '../model/common';

/**
 * The live editor's calls (issue 20): the window's copy of a story's Yjs document kept in step
 * with the core's (electron/newsroom/client/collab-relay.ts). Updates and state vectors travel
 * as base64 strings; carets as y-prosemirror's relative positions (JSON), which mean the same
 * place in every copy of the document.
 */

/** The largest edit one push may carry (a whole pasted story is far smaller). */
export const MAX_COLLAB_UPDATE_BYTES = 8 * 1024 * 1024;
const MAX_COLLAB_UPDATE_BASE64 = Math.ceil(MAX_COLLAB_UPDATE_BYTES / 3) * 4;
/** A state vector names one counter per writer: a few kilobytes cover thousands of sessions. */
const MAX_STATE_VECTOR_BASE64 = 256 * 1024;
/** Longest a pull may wait for a change before it answers empty. */
export const MAX_COLLAB_PULL_MS = 25_000;

const Base64 = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');

/** A relative position as Yjs writes it to JSON: the item it sticks to, or the type's end. */
const RelativePositionJson = z
  .object({
    type: z.object({ client: z.number().int(), clock: z.number().int() }).nullable().optional(),
    tname: z.string().max(100).nullable().optional(),
    item: z.object({ client: z.number().int(), clock: z.number().int() }).nullable().optional(),
    assoc: z.number().int().optional(),
  })
  .strict();

/** Where someone's selection is in the story's body: anchor and head, as y-prosemirror keeps them. */
export const CollabCaret = z.object({ anchor: RelativePositionJson, head: RelativePositionJson }).strict();
export type CollabCaret = z.infer<typeof CollabCaret>;

export const CollabUser = z.object({ name: z.string().max(120), color: z.string().max(40) });
export type CollabUser = z.infer<typeof CollabUser>;

/** Another desk in the story: who, in which colour, and their caret (null while they are in another field). */
export const CollabPeer = z.object({
  clientId: z.number().int().nonnegative(),
  user: CollabUser,
  cursor: CollabCaret.nullable(),
});
export type CollabPeer = z.infer<typeof CollabPeer>;

export const CollabOpenInput = z.object({ storyId: Id }).strict();
/** live false: no newsroom, or the story is not synced yet; the editor saves JSON as without one. */
export const CollabOpenOutput = z.discriminatedUnion('live', [
  z.object({ live: z.literal(false) }),
  z.object({ live: z.literal(true), state: z.string(), version: z.number().int(), user: CollabUser }),
]);

export const CollabPushInput = z
  .object({
    storyId: Id,
    update: Base64(MAX_COLLAB_UPDATE_BASE64).optional(),
    /** The caret now; null when the editor lost it; absent when unchanged. */
    caret: CollabCaret.nullable().optional(),
  })
  .strict();
export const CollabPushOutput = z.object({ version: z.number().int() });

export const CollabPullInput = z
  .object({
    storyId: Id,
    stateVector: Base64(MAX_STATE_VECTOR_BASE64),
    since: z.number().int().nonnegative(),
    timeoutMs: z.number().int().min(0).max(MAX_COLLAB_PULL_MS),
    /** The editor's own Yjs client id: what it typed is not sent back to it (its pushes do not end its pull). */
    client: z.number().int().nonnegative().optional(),
  })
  .strict();
export const CollabPullOutput = z.object({
  update: z.string().nullable(),
  version: z.number().int(),
  peers: z.array(CollabPeer),
});
export type CollabPullOutput = z.infer<typeof CollabPullOutput>;
