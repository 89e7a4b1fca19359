import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CollabRelay } from '../../../../electron/newsroom/client/collab-relay';
import { liveEditsAhead } from '../../../../electron/newsroom/client/live-edits';
import { NewsroomClient } from '../../../../electron/newsroom/client/newsroom-client';
import { Library } from '../../../../electron/store/library';
import type { Story } from '../../../../shared/model';
import { newsroomLogin } from '../../../helpers/newsroom-services';
import { useNewsroom } from '../../../helpers/newsroom-desks';
import { eventually } from '../../../helpers/eventually';
import { tempDir } from '../../../helpers/temp';

/**
 * The live editor's relay (issue 20) on two desks and one real newsroom server: each window's
 * copy of the story (a Y.Doc here, as the editor holds it) exchanges updates with its desk's
 * sync service only; typing from both merges character by character, carets travel with names,
 * and the JSON files follow — also after the sync stopped before writing them.
 */

const newsroom = useNewsroom([
  { name: 'ann', role: 'editor', password: 'ann-password' },
  { name: 'bob', role: 'editor', password: 'bob-password' },
]);

interface Desk {
  library: Library;
  client: NewsroomClient;
  relay: CollabRelay;
  token: string;
  user: string;
}

function startClient(library: Library, user: string, token: string): NewsroomClient {
  return new NewsroomClient({
    library,
    token,
    settings: { servers: [newsroom.server.httpUrl], user, keepSections: [], keepDays: 14 },
    retryDelayMs: 100,
  });
}

async function desk(user: string, password: string, writeDelayMs = 100): Promise<Desk> {
  const { dir, cleanup } = await tempDir(`masthead-collab-${user}-`);
  const { library } = await Library.open(dir, { author: () => user });
  const token = await newsroomLogin(newsroom.server.httpUrl, user, password);
  const client = startClient(library, user, token);
  await client.start();
  const relay = new CollabRelay(client, library, { writeDelayMs, writeMaxDelayMs: writeDelayMs * 4 });
  const self: Desk = { library, client, relay, token, user };
  newsroom.cleanups.push(async () => {
    await self.relay.stop();
    await self.client.stop();
    await cleanup();
  });
  return self;
}

/** A window's copy of the story, as the live editor keeps it: pushes its own edits, pulls the rest. */
class Window {
  readonly doc = new Y.Doc();
  version = 0;
  peers: Awaited<ReturnType<CollabRelay['pull']>>['peers'] = [];
  private sent: Uint8Array;
  constructor(
    private readonly relay: CollabRelay,
    readonly storyId: string,
    state: Uint8Array,
  ) {
    Y.applyUpdate(this.doc, state, 'relay');
    this.sent = Y.encodeStateVector(this.doc);
  }
  private get paragraph(): Y.XmlText {
    return (this.doc.getXmlFragment('body').get(0) as Y.XmlElement).get(0) as Y.XmlText;
  }
  text(): string {
    return this.paragraph.toString();
  }
  type(at: number, text: string): void {
    this.paragraph.insert(at, text);
  }
  erase(at: number, length: number): void {
    this.paragraph.delete(at, length);
  }
  async push(caret?: Parameters<CollabRelay['push']>[2]): Promise<void> {
    const update = Y.encodeStateAsUpdate(this.doc, this.sent);
    this.sent = Y.encodeStateVector(this.doc);
    this.version = await this.relay.push(this.storyId, update.byteLength > 2 ? update : null, caret);
  }
  async pull(timeoutMs = 200): Promise<void> {
    const pulled = await this.relay.pull(this.storyId, Y.encodeStateVector(this.doc), this.version, timeoutMs);
    if (pulled.update) Y.applyUpdate(this.doc, pulled.update, 'relay');
    this.sent = Y.encodeStateVector(this.doc);
    this.version = pulled.version;
    this.peers = pulled.peers;
  }
}

async function openWindow(d: Desk, storyId: string): Promise<Window> {
  const opened = await eventually(
    () => d.relay.open(storyId),
    (o) => o !== null,
  );
  return new Window(d.relay, storyId, opened!.state);
}

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const firstText = (story: Story): string =>
  ((story.body.content?.[0] as { content?: { text?: string }[] } | undefined)?.content ?? [])
    .map((n) => n.text ?? '')
    .join('');

describe('the live editor relay', () => {
  it('merges interleaved typing in one paragraph from two desks, shows carets by name, and writes both files', async () => {
    // The files are written only when asked (flush), so that the deletion below is seen
    // reaching the other window before any file write could carry it there.
    const ann = await desk('ann', 'ann-password', 60_000);
    const bob = await desk('bob', 'bob-password', 60_000);
    await eventually(
      () => [ann.client.status().state, bob.client.status().state],
      (s) => s.every((x) => x === 'online'),
    );
    const created = await ann.library.createStory({ language: 'en', section: 'Metro', headline: 'Tram' });
    await ann.library.saveStory({
      id: created.id,
      baseRevision: created.revision,
      changes: { body: { type: 'doc', content: [paragraph('The tram runs.')] } },
    });
    await ann.client.pull();
    await eventually(
      () => bob.client.openStory(created.id).catch(() => null),
      (s) => s !== null && firstText(s) === 'The tram runs.',
    );

    const a = await openWindow(ann, created.id);
    const b = await openWindow(bob, created.id);
    expect(a.text()).toBe('The tram runs.');
    expect(b.text()).toBe('The tram runs.');

    // Keystrokes from both, one after the other, each at its own place in the same paragraph.
    const annTyped = 'late ';
    const bobTyped = ' again';
    for (let i = 0; i < 6; i++) {
      if (i < annTyped.length) {
        a.type(4 + i, annTyped[i]!);
        await a.push();
      }
      b.type(b.text().length - 1, bobTyped[i]!);
      await b.push();
      await Promise.all([a.pull(50), b.pull(50)]);
    }
    const expected = 'The late tram runs again.';
    await eventually(
      async () => {
        await Promise.all([a.pull(100), b.pull(100)]);
        return [a.text(), b.text()];
      },
      (texts) => texts.every((t) => t === expected),
    );

    // Ann's caret, as y-prosemirror writes it, reaches Bob's window with her name.
    const position = Y.relativePositionToJSON(
      Y.createRelativePositionFromTypeIndex(
        (a.doc.getXmlFragment('body').get(0) as Y.XmlElement).get(0) as Y.XmlText,
        3,
      ),
    );
    await a.push({ anchor: position, head: position });
    const seen = await eventually(
      async () => {
        await b.pull(300);
        return b.peers;
      },
      (peers) => peers.some((p) => p.user.name === 'ann' && p.cursor !== null),
    );
    const annPeer = seen.find((p) => p.user.name === 'ann')!;
    expect(annPeer.user.color).toMatch(/^hsl\(/);
    const at = Y.createAbsolutePositionFromRelativePosition(
      Y.createRelativePositionFromJSON(annPeer.cursor!.head),
      b.doc,
    );
    expect(at?.index).toBe(3);

    // Both files follow, with every keystroke of both desks, and no text twice.
    for (const side of [ann, bob]) {
      await side.relay.flush(created.id);
      const story = await eventually(
        () => side.library.getStory(created.id),
        (s) => firstText(s) === expected,
      );
      expect(story.body.content).toHaveLength(1);
    }
    // The history of Ann's file names her as the author of her live edits.
    const revisions = await ann.library.listRevisions(created.id);
    expect(revisions.some((r) => r.author === 'ann')).toBe(true);

    // A deletion alone (a Backspace, an undo) adds nothing to the state vector: it reaches the
    // other window all the same, and promptly. First both desks settle (the files' own writes
    // into the documents have gone both ways), so nothing but the deletion is on its way.
    const annDoc = (await ann.client.liveDoc(created.id))!;
    const bobDoc = (await bob.client.liveDoc(created.id))!;
    await eventually(
      async () => {
        await Promise.all([ann.client.settle(), bob.client.settle()]);
        return Buffer.from(Y.encodeStateVector(annDoc)).equals(Buffer.from(Y.encodeStateVector(bobDoc)));
      },
      (same) => same,
    );
    await a.pull(50);
    b.erase(b.text().indexOf(' again'), ' again'.length);
    await b.push();
    await eventually(
      async () => {
        await a.pull(300);
        return a.text();
      },
      (text) => text === 'The late tram runs.',
      3000,
    );
    // Neither file was written meanwhile: the pull carried the deletion by itself.
    for (const side of [ann, bob]) expect(firstText(await side.library.getStory(created.id))).toBe(expected);

    // A window's own typing does not come back to it: its waiting pull ends for the others'
    // changes only, and what it brings carries none of the window's own.
    await a.pull(50);
    const before = Y.encodeStateVector(a.doc);
    const since = a.version;
    a.type(a.text().length - 1, '!');
    await a.push();
    const echo = await ann.relay.pull(created.id, before, since, 300, a.doc.clientID);
    expect(echo.update).toBeNull();
    b.type(0, '>');
    await b.push();
    const others = await ann.relay.pull(created.id, before, since, 5000, a.doc.clientID);
    expect(others.update).not.toBeNull();
    const structs = Y.decodeUpdate(others.update!).structs;
    expect(structs.some((struct) => struct.id.client === b.doc.clientID)).toBe(true);
    expect(structs.some((struct) => struct.id.client === a.doc.clientID)).toBe(false);
    Y.applyUpdate(a.doc, others.update!, 'relay');
    expect(a.text()).toBe('>The late tram runs!.');
    await a.push(null);
    await ann.relay.close(created.id);
    await bob.relay.close(created.id);
  }, 90_000);

  it('keeps acknowledged live edits when the sync stops before writing the file: it is written at the next start', async () => {
    const ann = await desk('ann', 'ann-password', 60_000);
    await eventually(
      () => ann.client.status().state,
      (s) => s === 'online',
    );
    const created = await ann.library.createStory({ language: 'zh-Hans', section: '要闻', headline: '地铁' });
    await ann.library.saveStory({
      id: created.id,
      baseRevision: created.revision,
      changes: { body: { type: 'doc', content: [paragraph('地铁今日开通。')] } },
    });
    const a = await openWindow(ann, created.id);
    a.type(2, '六号线');
    await a.push();
    expect(await liveEditsAhead(ann.library.root, created.id)).toBe(true);
    // The file has not caught up (the write waits a minute); the sync stops as in a crash.
    expect(firstText(await ann.library.getStory(created.id))).toBe('地铁今日开通。');
    await ann.client.stop();

    const again = startClient(ann.library, 'ann', ann.token);
    newsroom.cleanups.push(() => again.stop());
    await again.start();
    const story = await eventually(
      () => ann.library.getStory(created.id),
      (s) => firstText(s) === '地铁六号线今日开通。',
    );
    expect(story.body.content).toHaveLength(1);
    await eventually(
      () => liveEditsAhead(ann.library.root, created.id),
      (ahead) => !ahead,
    );
  }, 60_000);
});
