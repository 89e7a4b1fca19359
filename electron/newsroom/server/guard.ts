import type { beforeHandleMessagePayload } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import {
  type ChangeVerdict,
  type NewsroomActor,
  checkCatalogueChange,
  checkEditionChange,
  checkStoryChange,
  storyAccess,
} from '../../../shared/newsroom/permissions';
import { parseDocumentName } from '../../../shared/newsroom/protocol';
import { readStoryGuardState } from './read-docs';

/**
 * The server's check of every incoming document change. Hocuspocus hands each websocket
 * message to `beforeHandleMessage` before applying it; for a Yjs update we apply it to a
 * shadow copy of the document first, read the result, and ask shared/newsroom/permissions.ts.
 * A refused change is not applied: the connection is made read-only for that message, so
 * Hocuspocus answers "not synced" and leaves the document as it was (the client keeps its
 * connection, and its own copy, and learns the server did not take the change).
 */

/** What onAuthenticate leaves in a connection's context. */
export interface SessionContext {
  user: NewsroomActor;
  /** Milliseconds since the epoch when the session ends. */
  expiresAt: number;
  /** The session's token hash, to find connections whose session was ended or disabled. */
  tokenHash: string;
}

/** The Yjs sync protocol's message types, as Hocuspocus frames them. */
const MESSAGE_SYNC = 0;
const MESSAGE_SYNC_REPLY = 4;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/** The Yjs update a websocket message carries, if it carries one; throws on a malformed frame. */
export function updateOf(message: Uint8Array): Uint8Array | null {
  const decoder = decoding.createDecoder(message);
  decoding.readVarString(decoder); // the document's address
  const type = decoding.readVarUint(decoder);
  if (type !== MESSAGE_SYNC && type !== MESSAGE_SYNC_REPLY) return null;
  const step = decoding.readVarUint(decoder);
  if (step !== SYNC_STEP_2 && step !== SYNC_UPDATE) return null;
  return decoding.readVarUint8Array(decoder);
}

export class SessionExpired extends Error {
  readonly code = 4401;
  readonly reason = 'session-expired';
}

export class DocumentGuard {
  /** Per story document: a copy kept in step with the live one, to try changes on. */
  private readonly shadows = new Map<string, Y.Doc>();

  constructor(private readonly log: (line: string) => void) {}

  /**
   * Decides whether the message may change the document; sets the connection read-only if
   * not. Returns the update the message carries when it is accepted, null otherwise.
   */
  check(
    payload: Pick<beforeHandleMessagePayload, 'connection' | 'document' | 'documentName' | 'context' | 'update'>,
  ): Uint8Array | null {
    const session = payload.context as SessionContext | undefined;
    if (!session?.user) throw new SessionExpired('not signed in');
    if (session.expiresAt <= Date.now()) throw new SessionExpired('the session has expired; sign in again');
    const update = updateOf(payload.update);
    if (!update) return null;
    const verdict = this.judge(session.user, payload.documentName, payload.document, update);
    payload.connection.readOnly = !verdict.ok;
    if (!verdict.ok) this.log(`refused a change to ${payload.documentName} by ${session.user.name}: ${verdict.reason}`);
    return verdict.ok ? update : null;
  }

  private judge(actor: NewsroomActor, documentName: string, document: Y.Doc, update: Uint8Array): ChangeVerdict {
    const ref = parseDocumentName(documentName);
    if (!ref) return { ok: false, reason: 'no such document' };
    if (ref.kind === 'catalogue') return checkCatalogueChange();
    if (ref.kind === 'edition') return checkEditionChange(actor);
    let before;
    try {
      before = readStoryGuardState(document);
    } catch (error) {
      return { ok: false, reason: `the stored story is malformed: ${(error as Error).message}` };
    }
    // Cheap refusal first: someone who may not write the story needs no copy made.
    if (storyAccess(actor, before) !== 'writable') return checkStoryChange(actor, before, before);
    const shadow = this.shadowOf(documentName, document);
    try {
      Y.applyUpdate(shadow, update);
      const after = readStoryGuardState(shadow);
      const verdict = checkStoryChange(actor, before, after);
      if (!verdict.ok) this.shadows.delete(documentName);
      return verdict;
    } catch (error) {
      this.shadows.delete(documentName);
      return { ok: false, reason: `malformed change: ${(error as Error).message}` };
    }
  }

  /** The shadow of a document, brought up to date with it (only what it lacks is copied). */
  private shadowOf(name: string, document: Y.Doc): Y.Doc {
    let shadow = this.shadows.get(name);
    if (!shadow) {
      shadow = new Y.Doc({ gc: false });
      Y.applyUpdate(shadow, Y.encodeStateAsUpdate(document));
      this.shadows.set(name, shadow);
    } else {
      Y.applyUpdate(shadow, Y.encodeStateAsUpdate(document, Y.encodeStateVector(shadow)));
    }
    return shadow;
  }

  forget(documentName: string): void {
    this.shadows.get(documentName)?.destroy();
    this.shadows.delete(documentName);
  }
}
