import type { Extensions } from '@tiptap/core';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { CollabCaret, CollabPeer, CollabUser } from '../../../../../shared/collab/collab-contract';
import { STORY_KEYS, STORY_TEXT_FIELDS, type StoryTextField } from '../../../../../shared/newsroom/protocol';
import { setArrayMinimal, setTextMinimal } from '../../../../../shared/newsroom/yjs-edit';
import type { Tag } from '../../../../../shared/model';
import { api } from '../../../api/client';
import { hexColour, liveBodyExtensions } from './live-body';
import './collab.css';

/**
 * The story editor's live link (issue 20), loaded only when the host says a story can be
 * edited live (a newsroom is connected). The window keeps a copy of the story's Yjs document
 * and exchanges updates with the core's copy — the one that talks to the newsroom server and
 * keeps the state on disk — through the app's contract: every local change is pushed (and is
 * safe once the push is answered), and a waiting pull brings others' changes and carets as
 * soon as they arrive. The body is bound with @tiptap/extension-collaboration (undo takes back
 * only this window's changes), the text fields to their Y.Texts, the tags to the Y.Array.
 */

/** Origin of changes that came from the core: not pushed back. */
const FROM_CORE = Symbol('from-core');
const PULL_WAIT_MS = 20_000;
const RETRY_MS = 1_000;
const MAX_PUSHES_IN_FLIGHT = 4;
/** A push waits for the next frame, or this long in a window that gets none. */
const PUSH_WITHOUT_FRAME_MS = 50;

export type LiveField = StoryTextField | 'tags';

export interface LiveFields {
  kicker: string;
  headline: string;
  subheadline: string;
  byline: string;
  dateline: string;
  notes: string;
  slug: string;
  tags: Tag[];
}

export interface OpenedLive {
  state: string;
  version: number;
  user: CollabUser;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export class LiveStory {
  readonly doc = new Y.Doc();
  readonly awareness: CaretAwareness;
  readonly user: CollabUser;
  private version: number;
  private pending: Uint8Array[] = [];
  /** The caret to send: undefined when unchanged since the last push. */
  private caret: CollabCaret | null | undefined = undefined;
  /** Pushes sent and not answered yet. */
  private inFlight = 0;
  private closed = false;
  private readonly fieldListeners = new Set<(fields: Partial<LiveFields>) => void>();
  private readonly peerListeners = new Set<(peers: CollabPeer[]) => void>();
  private peers: CollabPeer[] = [];
  /** Who is here (client ids, names, colours) as last told to the peer listeners. */
  private peersWho = '[]';
  /** Set when an update from the core changed the body (its editor then dispatched a transaction). */
  private bodyShown = false;
  /** Resolves when every change made here has been acknowledged by the core. */
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;
  private waitingIdle = false;
  private pushScheduled = false;
  /** Sends a push scheduled for after the next frame at once. */
  private cancelScheduledPush: (() => void) | null = null;

  constructor(
    readonly storyId: string,
    opened: OpenedLive,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    Y.applyUpdate(this.doc, fromBase64(opened.state), FROM_CORE);
    this.version = opened.version;
    this.user = opened.user;
    this.awareness = new CaretAwareness(this.doc, (cursor) => {
      this.caret = cursor;
      this.schedulePush();
    });
    this.awareness.setLocalStateField('user', opened.user);
    this.doc.getXmlFragment(STORY_KEYS.body).observeDeep(() => {
      this.bodyShown = true;
    });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === FROM_CORE) {
        this.tellFields();
        return;
      }
      this.pending.push(update);
      this.schedulePush();
    });
    void this.pullLoop();
    // A window closing right after a keystroke sends it at once rather than at a frame that never comes.
    if (typeof window !== 'undefined') window.addEventListener('pagehide', this.sendOnLeave);
  }

  // ------------------------------------------------------------------ fields

  /** The live fields as the document holds them now. */
  fields(): LiveFields {
    const text = Object.fromEntries(STORY_TEXT_FIELDS.map((key) => [key, this.doc.getText(key).toString()]));
    return { ...(text as Record<StoryTextField, string>), tags: this.doc.getArray<Tag>(STORY_KEYS.tags).toArray() };
  }

  /** A field typed here: only the changed span goes into the document, so it merges with others' typing. */
  setField(name: LiveField, value: string | Tag[]): void {
    if (name === 'tags') setArrayMinimal(this.doc.getArray<Tag>(STORY_KEYS.tags), value as Tag[]);
    else setTextMinimal(this.doc.getText(name), value as string);
  }

  /** Told the live fields after each change from elsewhere. */
  onFields(listener: (fields: Partial<LiveFields>) => void): () => void {
    this.fieldListeners.add(listener);
    return () => this.fieldListeners.delete(listener);
  }

  private tellFields(): void {
    if (this.fieldListeners.size === 0) return;
    const fields = this.fields();
    for (const listener of this.fieldListeners) listener(fields);
  }

  /** Told who else is in the story (names, colours), after each change. */
  onPeers(listener: (peers: CollabPeer[]) => void): () => void {
    this.peerListeners.add(listener);
    listener(this.peers);
    return () => this.peerListeners.delete(listener);
  }

  // ------------------------------------------------------------------ the body's extensions

  /** The body bound to the document's 'body' fragment, with others' carets; the editor's own undo is replaced by Yjs's. */
  bodyExtensions(base: Extensions): Extensions {
    return liveBodyExtensions(base, this.doc, this.awareness);
  }

  // ------------------------------------------------------------------ with the core

  /** Resolves once every change made here is on the core's disk. */
  settled(): Promise<void> {
    this.pushNow();
    return this.inFlight > 0 || this.pending.length > 0 ? this.idle : Promise.resolve();
  }

  /**
   * After the frame that shows the keystroke: update and caret go in one push, and the request,
   * the core's work on it and the other desks' (all on the same cores) no longer stand between a
   * key and its character on screen. A hidden window, which gets no frames, pushes after a
   * short timer.
   */
  private schedulePush(): void {
    if (this.pushScheduled) return;
    this.pushScheduled = true;
    const run = () => {
      if (!this.pushScheduled) return;
      this.pushScheduled = false;
      if (frame !== undefined) cancelAnimationFrame(frame);
      clearTimeout(fallback);
      this.cancelScheduledPush = null;
      this.push();
    };
    const afterPaint = () => {
      const channel = new MessageChannel();
      channel.port1.onmessage = run;
      channel.port2.postMessage(null);
    };
    const frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(afterPaint) : undefined;
    const fallback = setTimeout(run, frame === undefined ? 0 : PUSH_WITHOUT_FRAME_MS);
    this.cancelScheduledPush = run;
  }

  private readonly sendOnLeave = (): void => this.pushNow();

  /** What waits for the next frame is sent now (closing, or someone waiting for it to be safe). */
  private pushNow(): void {
    this.cancelScheduledPush?.();
  }

  /**
   * Sends what is waiting: each keystroke at once, without waiting for the previous one's
   * acknowledgement (Yjs updates apply in any order), a few at a time.
   */
  private push(): void {
    if (this.closed) return;
    if (!this.waitingIdle) {
      this.waitingIdle = true;
      this.idle = new Promise((resolve) => {
        this.markIdle = () => {
          this.waitingIdle = false;
          resolve();
        };
      });
    }
    while (this.inFlight < MAX_PUSHES_IN_FLIGHT && (this.pending.length > 0 || this.caret !== undefined)) {
      const updates = this.pending.splice(0);
      const update = updates.length > 0 ? Y.mergeUpdates(updates) : null;
      const caret = this.caret;
      this.caret = undefined;
      this.inFlight++;
      void this.send(update, caret).finally(() => {
        this.inFlight--;
        if (this.pending.length > 0 || this.caret !== undefined) this.push();
        else if (this.inFlight === 0 && this.waitingIdle) this.markIdle();
      });
    }
  }

  private async send(update: Uint8Array | null, caret: CollabCaret | null | undefined): Promise<void> {
    try {
      await api.collabPush({
        storyId: this.storyId,
        ...(update ? { update: toBase64(update) } : {}),
        ...(caret !== undefined ? { caret } : {}),
      });
    } catch (error) {
      if (this.closed) return;
      // Kept and sent again: nothing typed is dropped while the core is busy or restarting.
      if (update) this.pending.unshift(update);
      if (caret !== undefined && this.caret === undefined) this.caret = caret;
      this.onError(error);
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }

  private async pullLoop(): Promise<void> {
    while (!this.closed) {
      try {
        const pulled = await api.collabPull({
          storyId: this.storyId,
          stateVector: toBase64(Y.encodeStateVector(this.doc)),
          since: this.version,
          timeoutMs: PULL_WAIT_MS,
          client: this.doc.clientID,
        });
        if (this.closed) return;
        // Carets first: the body's transaction for the update redraws them where they now are,
        // so a keystroke from another desk costs this window one transaction, not two.
        const carets = this.takePeers(pulled.peers);
        this.bodyShown = false;
        if (pulled.update) Y.applyUpdate(this.doc, fromBase64(pulled.update), FROM_CORE);
        this.version = pulled.version;
        this.tellPeers(pulled.peers, carets, this.bodyShown);
      } catch (error) {
        if (this.closed) return;
        this.onError(error);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  /** Others' carets into this window's awareness, where the caret plugin draws them (told by tellPeers). */
  private takePeers(peers: CollabPeer[]): CaretChanges {
    const states = this.awareness.getStates();
    const now = Date.now();
    const changes: CaretChanges = { added: [], updated: [], removed: [] };
    const present = new Set<number>();
    for (const peer of peers) {
      if (peer.clientId === this.awareness.clientID) continue;
      present.add(peer.clientId);
      const before = states.get(peer.clientId);
      // y-tiptap's caret plugin takes only #rrggbb (it warns on the console at every redraw otherwise).
      const state = { user: { name: peer.user.name, color: hexColour(peer.user.color) }, cursor: peer.cursor };
      this.awareness.meta.set(peer.clientId, { clock: 0, lastUpdated: now });
      if (before && JSON.stringify(before) === JSON.stringify(state)) continue;
      (before ? changes.updated : changes.added).push(peer.clientId);
      states.set(peer.clientId, state);
    }
    for (const clientId of [...states.keys()]) {
      if (clientId === this.awareness.clientID || present.has(clientId)) continue;
      states.delete(clientId);
      this.awareness.meta.delete(clientId);
      changes.removed.push(clientId);
    }
    return changes;
  }

  /**
   * The caret plugin redraws on the awareness's change event, unless the body's own
   * transaction for the same pull already did (a moved caret, nobody came or went); the
   * list of who is here hears only when someone came, went or changed name or colour.
   */
  private tellPeers(peers: CollabPeer[], changes: CaretChanges, bodyShown: boolean): void {
    const { added, updated, removed } = changes;
    if (added.length + removed.length > 0 || (updated.length > 0 && !bodyShown)) {
      this.awareness.emit('change', [{ added, updated, removed }, 'core']);
    }
    const who = JSON.stringify(peers.map((peer) => [peer.clientId, peer.user]));
    if (who === this.peersWho) return;
    this.peersWho = who;
    this.peers = peers;
    for (const listener of this.peerListeners) listener(peers);
  }

  /** The editor left: last changes pushed, the caret taken away, the core's copy let go. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.awareness.setLocalStateField('cursor', null);
    await this.settled();
    this.closed = true;
    if (typeof window !== 'undefined') window.removeEventListener('pagehide', this.sendOnLeave);
    this.awareness.destroy();
    await api.collabClose({ storyId: this.storyId }).catch(() => undefined);
    this.doc.destroy();
  }
}

interface CaretChanges {
  added: number[];
  updated: number[];
  removed: number[];
}

/**
 * The window's awareness: others' carets are put in by the pull, and this window's caret is
 * sent with its edits. The caret plugin sets it on every selection change; kept quietly (no
 * 'change' event), it does not make the plugin redraw every caret on each keystroke.
 */
class CaretAwareness extends Awareness {
  constructor(
    doc: Y.Doc,
    private readonly onCaret: (cursor: CollabCaret | null) => void,
  ) {
    super(doc);
  }

  override setLocalStateField(field: string, value: unknown): void {
    const state = this.getLocalState();
    if (field !== 'cursor' || state === null) {
      super.setLocalStateField(field, value);
      return;
    }
    state.cursor = value;
    this.onCaret((value as CollabCaret | null) ?? null);
  }
}

/** Opens the story live when the host can; null leaves the editor on its JSON saves. */
export async function openLiveStory(storyId: string, onError: (error: unknown) => void): Promise<LiveStory | null> {
  const opened = await api.collabOpen({ storyId });
  return opened.live ? new LiveStory(storyId, opened, onError) : null;
}
