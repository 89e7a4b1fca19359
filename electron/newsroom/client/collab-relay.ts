import * as Y from 'yjs';
import { type CollabCaret, CollabPeer, MAX_COLLAB_UPDATE_BYTES } from '../../../shared/collab/collab-contract';
import { Presence } from '../../../shared/newsroom/protocol';
import { type StoryState, normaliseBody, readStoryFromDoc } from '../../../shared/newsroom/story-doc';
import type { Story } from '../../../shared/model';
import { ServiceError } from '../../rpc/errors';
import type { Library } from '../../store/library';
import { LIVE_TEXT_FIELDS, clearLiveEditsAhead, markLiveEditsAhead } from './live-edits';
import type { NewsroomClient } from './newsroom-client';

/**
 * The live editor's link to the newsroom (issue 20). The core's NewsroomClient stays the one
 * replica of each story that talks to the server and keeps its Yjs state on disk; the editor
 * in the window holds a copy of that document and exchanges updates with it here, through the
 * app's contract (IPC in the app, HTTP in the web host): `open` gives the state, `push` brings
 * the editor's updates and its caret (acknowledged once on disk), `pull` waits until the
 * document or the other people's carets change and returns what the editor lacks.
 *
 * The story's JSON file follows the document: a moment after the editor's last edit (and at
 * least every few seconds while typing goes on) the relay saves the document's text into the
 * library as a save of this desk's author, so search, layout, export and history keep working
 * from files. Carets travel on the catalogue's awareness, which already carries presence.
 */

export interface CollabRelayOptions {
  /** Quiet time after the last edit before the JSON is written (ms). */
  writeDelayMs?: number;
  /** Longest time typing may go on before the JSON is written all the same (ms). */
  writeMaxDelayMs?: number;
}

/** Whether a Yjs update deletes anything (its delete set names some client's items). */
function carriesDeletions(update: Uint8Array): boolean {
  try {
    return Y.decodeUpdate(update).ds.clients.size > 0;
  } catch {
    return true;
  }
}

interface LiveStory {
  id: string;
  doc: Y.Doc;
  /** Raised on every change of the document or of the carets shown in it. */
  version: number;
  /** The version at which the carets last changed. */
  peersVersion: number;
  /**
   * The version at which an update that deletes text last arrived. A deletion adds nothing to
   * the state vector, so the editor's vector cannot tell it is missing one: a Backspace or an
   * undo from another desk would never reach this window.
   */
  deletionsVersion: number;
  peersKey: string;
  peers: CollabPeer[];
  waiters: Set<() => void>;
  detach: () => void;
  writeTimer: NodeJS.Timeout | null;
  firstUnwritten: number | null;
  /** Edits acknowledged, and how many of them the JSON file has. */
  pushed: number;
  written: number;
  writing: Promise<void>;
  /** Whether newsroom/live/<id> says the document is ahead of the file; its writes in order. */
  marked: boolean;
  marker: Promise<void>;
  /** Editors that have it open (each window's open); closed when the last one leaves. */
  viewers: number;
  /** Writes made since the last edit because the file lagged behind the document. */
  catchUps: number;
}

const MAX_PULL_MS = 25_000;

/** The caret field of a desk's presence. */
interface LiveCaret {
  story: string;
  cursor: CollabCaret;
}

export class CollabRelay {
  private readonly live = new Map<string, LiveStory>();
  private readonly stopListening: () => void;
  private closed = false;

  constructor(
    private readonly client: NewsroomClient,
    private readonly library: Library,
    private readonly options: CollabRelayOptions = {},
  ) {
    // Presence and connection changes: the carets shown in each open story may have moved.
    const stopPresence = client.onChange(() => {
      for (const story of this.live.values()) this.refreshPeers(story);
    });
    // Whoever wrote the file last (this relay, the sync writing a change from elsewhere, a
    // save of another field), it must end up holding what the document holds: a write that
    // read the document a moment before another writer's is followed by one more.
    const stopLibrary = library.onStoryChanged((id, saved) => {
      const story = this.live.get(id);
      if (story && saved && !this.closed) this.catchUp(story, saved);
    });
    this.stopListening = () => {
      stopPresence();
      stopLibrary();
    };
  }

  /** When the file lacks part of the document's live text, the document is written again. */
  private catchUp(story: LiveStory, saved: Story): void {
    const inDoc = readStoryFromDoc(story.doc);
    if (!inDoc || liveParts(inDoc) === liveParts({ ...saved, body: normaliseBody(saved.body) })) return;
    // A file the library keeps different from the document (it changed the text as it saved)
    // is not written again and again: a few tries until the editor's next edit.
    if (story.catchUps >= 3) return;
    story.catchUps++;
    story.pushed++;
    void this.markAhead(story).catch(() => undefined);
    this.scheduleWrite(story);
  }

  /** Opens a story for the live editor; null when it cannot be edited live (not synced yet). */
  async open(storyId: string): Promise<{ state: Uint8Array; version: number; user: CollabPeer['user'] } | null> {
    if (this.closed) return null;
    let story = this.live.get(storyId);
    if (!story) {
      if (!this.library.storyIds().includes(storyId)) {
        throw new ServiceError('not-found', `There is no story ${storyId} in this library.`);
      }
      const doc = await this.client.liveDoc(storyId);
      if (!doc) return null;
      story = this.live.get(storyId) ?? this.attach(storyId, doc);
    }
    story.viewers++;
    this.refreshPeers(story);
    return { state: Y.encodeStateAsUpdate(story.doc), version: story.version, user: this.user() };
  }

  private attach(id: string, doc: Y.Doc): LiveStory {
    const story: LiveStory = {
      id,
      doc,
      version: 0,
      peersVersion: 0,
      deletionsVersion: 0,
      peersKey: '[]',
      peers: [],
      waiters: new Set(),
      detach: () => undefined,
      writeTimer: null,
      firstUnwritten: null,
      pushed: 0,
      written: 0,
      writing: Promise.resolve(),
      marked: false,
      marker: Promise.resolve(),
      viewers: 0,
      catchUps: 0,
    };
    const onUpdate = (update: Uint8Array) => {
      if (carriesDeletions(update)) story.deletionsVersion = story.version + 1;
      this.bump(story);
    };
    doc.on('update', onUpdate);
    story.detach = () => doc.off('update', onUpdate);
    this.live.set(id, story);
    return story;
  }

  private bump(story: LiveStory): void {
    story.version++;
    for (const wake of [...story.waiters]) wake();
  }

  private refreshPeers(story: LiveStory): void {
    const peers = this.peersIn(story.id);
    const key = JSON.stringify(peers);
    if (key === story.peersKey) return;
    story.peers = peers;
    story.peersKey = key;
    this.bump(story);
    story.peersVersion = story.version;
  }

  private opened(storyId: string): LiveStory {
    const story = this.live.get(storyId);
    if (!story) throw new ServiceError('conflict', `Story ${storyId} is not open for live editing; open it again.`);
    return story;
  }

  /**
   * The editor's edits (a Yjs update) and caret. Resolves once the update is in the document
   * and on disk, with the story marked as ahead of its file until the file is written.
   */
  async push(storyId: string, update: Uint8Array | null, caret: CollabCaret | null | undefined): Promise<number> {
    const story = this.opened(storyId);
    if (update && update.byteLength > 0) {
      if (update.byteLength > MAX_COLLAB_UPDATE_BYTES) {
        throw new ServiceError(
          'invalid-input',
          `An edit of ${update.byteLength} bytes is more than one call may carry.`,
        );
      }
      checkUpdate(update);
      await this.markAhead(story);
      await this.client.applyLiveUpdate(storyId, update);
      story.pushed++;
      story.catchUps = 0;
      this.scheduleWrite(story);
    }
    if (caret !== undefined) this.setCaret(storyId, caret);
    return story.version;
  }

  /**
   * Waits (at most `timeoutMs`) until the document holds something the editor's state vector
   * lacks or the carets changed since version `since`; returns the missing update and the carets.
   * `ownClient`, the editor's Yjs client id: its own typing (which it pushed) neither ends the
   * wait nor comes back in the update — on every keystroke that would be one more reply, one
   * more state diff here and one more request from the editor, for nothing it does not have.
   */
  async pull(
    storyId: string,
    stateVector: Uint8Array,
    since: number,
    timeoutMs: number,
    ownClient?: number,
  ): Promise<{ update: Uint8Array | null; version: number; peers: CollabPeer[] }> {
    const story = this.opened(storyId);
    let vector: Map<number, number>;
    try {
      vector = Y.decodeStateVector(stateVector);
    } catch {
      throw new ServiceError('invalid-input', 'The editor sent a state vector that cannot be read.');
    }
    const missing = (): Uint8Array | null => {
      const own = Y.decodeStateVector(Y.encodeStateVector(story.doc));
      const known = new Map(vector);
      if (ownClient !== undefined && own.has(ownClient))
        known.set(ownClient, Math.max(own.get(ownClient)!, vector.get(ownClient) ?? 0));
      const ahead = [...own].some(([client, clock]) => (known.get(client) ?? 0) < clock);
      // The diff always carries the whole delete set: sent too when only deletions are new.
      return ahead || story.deletionsVersion > since
        ? Y.encodeStateAsUpdate(story.doc, Y.encodeStateVector(known))
        : null;
    };
    const deadline = Date.now() + Math.min(Math.max(timeoutMs, 0), MAX_PULL_MS);
    for (;;) {
      const update = missing();
      if (update || story.peersVersion > since || Date.now() >= deadline || this.closed || !this.live.has(storyId)) {
        return { update, version: story.version, peers: story.peers };
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          story.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, deadline - Date.now());
        story.waiters.add(wake);
      });
    }
  }

  /** The editor left the story: its caret goes, the file is written, the story is let go when no editor has it. */
  async close(storyId: string): Promise<void> {
    const story = this.live.get(storyId);
    if (!story) return;
    story.viewers = Math.max(0, story.viewers - 1);
    if (story.viewers > 0) return;
    this.setCaret(storyId, null);
    await this.flush(story);
    if (story.viewers > 0) return;
    story.detach();
    this.live.delete(storyId);
    for (const wake of [...story.waiters]) wake();
  }

  /** Writes every open story's file and stops (the workspace closing or the sync stopping). */
  async stop(): Promise<void> {
    this.closed = true;
    this.stopListening();
    for (const story of this.live.values()) {
      await this.flush(story).catch(() => undefined);
      story.detach();
      for (const wake of [...story.waiters]) wake();
    }
    this.live.clear();
  }

  /** Waits until the JSON file of the story holds every acknowledged edit. */
  async flush(story: LiveStory | string): Promise<void> {
    const live = typeof story === 'string' ? this.live.get(story) : story;
    if (!live) return;
    if (live.writeTimer) {
      clearTimeout(live.writeTimer);
      live.writeTimer = null;
    }
    if (live.written < live.pushed) this.write(live);
    await live.writing;
  }

  // ------------------------------------------------------------------ carets, on the catalogue's awareness

  /** This desk as the others see it (the presence the sync service announces). */
  private user(): CollabPeer['user'] {
    const own = Presence.safeParse(this.client.presenceAwareness?.getLocalState());
    return own.success ? { name: own.data.user.name, color: own.data.user.color } : { name: '', color: '#888' };
  }

  /** One caret per desk: the story it is in and y-prosemirror's anchor and head there. */
  private setCaret(storyId: string, caret: CollabCaret | null): void {
    const awareness = this.client.presenceAwareness;
    if (!awareness) return;
    const current = (awareness.getLocalState() as { caret?: LiveCaret | null } | null)?.caret ?? null;
    // Another window's story keeps its caret when this one lets go of its own.
    if (caret === null && current && current.story !== storyId) return;
    awareness.setLocalStateField('caret', caret ? { story: storyId, cursor: caret } : null);
  }

  /** The other desks in this story: their name, colour and caret (null while they type elsewhere). */
  private peersIn(storyId: string): CollabPeer[] {
    const awareness = this.client.presenceAwareness;
    if (!awareness) return [];
    const peers: CollabPeer[] = [];
    for (const [clientId, value] of awareness.getStates()) {
      if (clientId === awareness.clientID) continue;
      const presence = Presence.safeParse(value);
      if (!presence.success) continue;
      const caret = (value as { caret?: LiveCaret | null }).caret;
      const here = caret?.story === storyId;
      if (!here && !presence.data.open.includes(storyId)) continue;
      const peer = CollabPeer.safeParse({
        clientId,
        user: { name: presence.data.user.name, color: presence.data.user.color },
        cursor: here ? caret.cursor : null,
      });
      if (peer.success) peers.push(peer.data);
    }
    return peers.sort((a, b) => a.clientId - b.clientId);
  }

  // ------------------------------------------------------------------ the JSON file follows the document

  private markAhead(story: LiveStory): Promise<void> {
    if (story.marked) return story.marker;
    story.marked = true;
    const root = this.library.root;
    story.marker = story.marker.then(() => markLiveEditsAhead(root, story.id));
    return story.marker;
  }

  private scheduleWrite(story: LiveStory): void {
    const now = Date.now();
    story.firstUnwritten ??= now;
    if (story.writeTimer) clearTimeout(story.writeTimer);
    const quiet = this.options.writeDelayMs ?? 800;
    const longest = this.options.writeMaxDelayMs ?? 4000;
    const wait = Math.max(0, Math.min(quiet, story.firstUnwritten + longest - now));
    story.writeTimer = setTimeout(() => {
      story.writeTimer = null;
      this.write(story);
    }, wait);
  }

  private write(story: LiveStory): void {
    story.firstUnwritten = null;
    story.writing = story.writing
      .then(() => this.writeNow(story))
      .catch((error: unknown) => {
        console.error(`[masthead] the live edits of story ${story.id} were not written into its file:`, error);
        // The document and its marker keep them; the next edit or close tries again.
      });
  }

  private async writeNow(story: LiveStory): Promise<void> {
    const upTo = story.pushed;
    if (story.written >= upTo) return;
    await this.client.saveLiveStory(story.id, (state) => this.saveIntoLibrary(story.id, state));
    story.written = upTo;
    if (story.pushed === upTo && story.marked) {
      story.marked = false;
      const root = this.library.root;
      story.marker = story.marker.then(() => clearLiveEditsAhead(root, story.id));
      await story.marker;
    }
  }

  /** A library save of the live fields that differ from the file (with this desk's author, in its history session). */
  private async saveIntoLibrary(id: string, state: StoryState): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.library.getStory(id);
      const changes: Record<string, unknown> = {};
      for (const key of LIVE_TEXT_FIELDS) if (current[key] !== state[key]) changes[key] = state[key];
      if (JSON.stringify(current.tags) !== JSON.stringify(state.tags)) changes.tags = state.tags;
      if (JSON.stringify(normaliseBody(current.body)) !== JSON.stringify(state.body)) changes.body = state.body;
      if (Object.keys(changes).length === 0) return;
      try {
        await this.library.saveStory({ id, baseRevision: current.revision, changes });
        return;
      } catch (error) {
        // Another save landed in between (a status change, a change from elsewhere): again on it.
        if (!(error instanceof ServiceError && error.code === 'conflict') || attempt >= 4) throw error;
      }
    }
  }
}

/** What the live editor writes of a story, to compare the file with the document. */
const liveParts = (story: StoryState): string =>
  JSON.stringify([LIVE_TEXT_FIELDS.map((key) => story[key]), story.tags, story.body]);

/** A Yjs update that cannot be read is refused before it reaches the document. */
function checkUpdate(update: Uint8Array): void {
  try {
    Y.decodeUpdate(update);
  } catch {
    throw new ServiceError('invalid-input', 'The editor sent an edit that cannot be read.');
  }
}
