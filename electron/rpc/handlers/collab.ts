import { CollabRelay } from '../../newsroom/client/collab-relay';
import { ServiceError } from '../errors';
import type { NewsroomClient } from '../../newsroom/client/newsroom-client';
import type { Handlers } from '../dispatch';
import type { Session } from './session';

type CollabMethod = 'collabOpen' | 'collabPush' | 'collabPull' | 'collabClose';

const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));
const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/**
 * Live co-editing (issue 20): the window's editor and the newsroom sync's copy of a story,
 * through collab-relay.ts. One relay per running sync service: when the sync restarts (another
 * library, signing in again), editors open the story anew on the new one.
 */
export function collabHandlers(session: Session): Pick<Handlers, CollabMethod> {
  const relays = new WeakMap<NewsroomClient, CollabRelay>();
  const relay = (): CollabRelay | null => {
    const client = session.newsroom.running;
    if (!client) return null;
    let found = relays.get(client);
    if (!found) {
      found = new CollabRelay(client, session.current);
      relays.set(client, found);
    }
    return found;
  };
  const need = (): CollabRelay => {
    const found = relay();
    if (found) return found;
    throw new ServiceError('conflict', 'The newsroom sync stopped; the story is opened again without it.');
  };
  return {
    collabOpen: async ({ storyId }) => {
      const opened = await relay()?.open(storyId);
      if (!opened) return { live: false };
      return { live: true, state: toBase64(opened.state), version: opened.version, user: opened.user };
    },
    collabPush: async ({ storyId, update, caret }) => ({
      version: await need().push(storyId, update ? fromBase64(update) : null, caret),
    }),
    collabPull: async ({ storyId, stateVector, since, timeoutMs, client }) => {
      const pulled = await need().pull(storyId, fromBase64(stateVector), since, timeoutMs, client);
      return { update: pulled.update ? toBase64(pulled.update) : null, version: pulled.version, peers: pulled.peers };
    },
    collabClose: async ({ storyId }) => {
      await relay()?.close(storyId);
      return {};
    },
  };
}
