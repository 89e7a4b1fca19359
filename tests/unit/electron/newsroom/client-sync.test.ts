import { describe, expect, it } from 'vitest';
import { NewsroomClient } from '../../../../electron/newsroom/client/newsroom-client';
import { Library } from '../../../../electron/store/library';
import type { NewsroomSettings, Story } from '../../../../shared/model';
import { newsroomLogin } from '../../../helpers/newsroom-services';
import { useNewsroom } from '../../../helpers/newsroom-desks';
import { eventually } from '../../../helpers/eventually';
import { tempDir } from '../../../helpers/temp';

/**
 * Two desks (two libraries, two users) on one real newsroom server with PostgreSQL: what one
 * writes reaches the other through the real sync service, and nothing is lost when both edit.
 */

const newsroom = useNewsroom([
  { name: 'ann', role: 'reporter', password: 'ann-password' },
  { name: 'bob', role: 'editor', password: 'bob-password' },
]);

interface Desk {
  library: Library;
  client: NewsroomClient;
  user: string;
}

async function desk(user: string, password: string, settings: Partial<NewsroomSettings> = {}): Promise<Desk> {
  const { dir, cleanup } = await tempDir(`masthead-desk-${user}-`);
  const { library } = await Library.open(dir, { author: () => user });
  const token = await newsroomLogin(newsroom.server.httpUrl, user, password);
  const client = syncClient(library, user, token, settings);
  await client.start();
  newsroom.cleanups.push(async () => {
    await client.stop();
    await cleanup();
  });
  return { library, client, user };
}

function syncClient(library: Library, user: string, token: string, settings: Partial<NewsroomSettings> = {}) {
  return new NewsroomClient({
    library,
    token,
    settings: { servers: [newsroom.server.httpUrl], user, keepSections: [], keepDays: 14, ...settings },
    retryDelayMs: 100,
  });
}

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const bodyText = (story: Story) => JSON.stringify(story.body);

describe('newsroom sync between two desks', () => {
  it('brings a story written on one desk to the other within a second, and both edits of different paragraphs', async () => {
    const ann = await desk('ann', 'ann-password');
    const bob = await desk('bob', 'bob-password', { keepSections: ['Metro'] });
    await eventually(
      () => ann.client.status().state,
      (s) => s === 'online',
    );
    await eventually(
      () => bob.client.status().state,
      (s) => s === 'online',
    );

    const created = await ann.library.createStory({ language: 'en', section: 'Metro', headline: 'Ferry strike ends' });
    const saved = await ann.library.saveStory({
      id: created.id,
      baseRevision: created.revision,
      changes: { body: { type: 'doc', content: [paragraph('One.'), paragraph('Two.'), paragraph('Three.')] } },
    });
    const started = Date.now();
    const arrived = await eventually(
      () => bob.library.getStory(saved.id).catch(() => null),
      (story) => story !== null && bodyText(story).includes('Three.'),
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect(arrived!.headline).toBe('Ferry strike ends');
    expect(bob.client.status().serverStoryCount).toBeGreaterThanOrEqual(1);

    // Both at once: ann the first paragraph, bob the third.
    const annBase = await ann.library.getStory(saved.id);
    const bobBase = await bob.library.getStory(saved.id);
    await Promise.all([
      ann.library.saveStory({
        id: saved.id,
        baseRevision: annBase.revision,
        changes: {
          body: { type: 'doc', content: [paragraph('One, by Ann.'), paragraph('Two.'), paragraph('Three.')] },
        },
      }),
      bob.library.saveStory({
        id: saved.id,
        baseRevision: bobBase.revision,
        changes: {
          body: { type: 'doc', content: [paragraph('One.'), paragraph('Two.'), paragraph('Three, by Bob.')] },
        },
      }),
    ]);
    for (const side of [ann, bob]) {
      const merged = await eventually(
        () => side.library.getStory(saved.id),
        (story) => bodyText(story).includes('One, by Ann.') && bodyText(story).includes('Three, by Bob.'),
      );
      expect(merged.body.content).toEqual([paragraph('One, by Ann.'), paragraph('Two.'), paragraph('Three, by Bob.')]);
    }
    await eventually(
      () => ann.client.status().changesWaiting,
      (n) => n === 0,
    );
  }, 60_000);

  it('merges edits made while one desk was offline: every word of both, history names both authors, the later field wins', async () => {
    const ann = await desk('ann', 'ann-password');
    const bob = await desk('bob', 'bob-password', { keepSections: ['Courts'] });
    await eventually(
      () => bob.client.status().state,
      (s) => s === 'online',
    );
    const created = await ann.library.createStory({ language: 'en', section: 'Courts', headline: 'Verdict due' });
    const start = await ann.library.saveStory({
      id: created.id,
      baseRevision: created.revision,
      changes: { body: { type: 'doc', content: [paragraph('Opening line.'), paragraph('Middle line.')] } },
    });
    await eventually(
      () => bob.library.getStory(start.id).catch(() => null),
      (story) => story !== null && bodyText(story).includes('Middle line.'),
    );
    await bob.client.settle();

    // Bob goes offline: his sync stops (as when the app is closed or the network is gone).
    await bob.client.stop();
    const bobBase = await bob.library.getStory(start.id);
    await bob.library.saveStory({
      id: start.id,
      baseRevision: bobBase.revision,
      changes: {
        body: { type: 'doc', content: [paragraph('Opening line.'), paragraph('Middle line, with the judge quoted.')] },
        notes: 'Bob checked the quote.',
        targetLength: { unit: 'words', value: 400 },
      },
    });
    const annBase = await ann.library.getStory(start.id);
    await ann.library.saveStory({
      id: start.id,
      baseRevision: annBase.revision,
      changes: {
        headline: 'Verdict due on Friday',
        body: { type: 'doc', content: [paragraph('Opening line, rewritten by Ann.'), paragraph('Middle line.')] },
        targetLength: { unit: 'words', value: 600 },
      },
    });
    await eventually(
      () => ann.client.status().changesWaiting,
      (n) => n === 0,
    );

    // Bob back, through a list whose first server is down: the sync fails over to the next.
    const token = await newsroomLogin(newsroom.server.httpUrl, 'bob', 'bob-password');
    const back = syncClient(bob.library, 'bob', token, {
      keepSections: ['Courts'],
      servers: ['http://127.0.0.1:9', newsroom.server.httpUrl],
    });
    await back.start();
    newsroom.cleanups.push(() => back.stop());
    expect(back.status().changesWaiting).toBeGreaterThanOrEqual(1);
    const words = ['Opening', 'rewritten', 'Ann', 'Middle', 'judge', 'quoted', 'Friday', 'Bob', 'checked'];
    for (const library of [ann.library, bob.library]) {
      const merged = await eventually(
        () => library.getStory(start.id),
        (story) => words.every((w) => JSON.stringify(story).includes(w)),
        10_000,
      );
      expect(merged.headline).toBe('Verdict due on Friday');
      expect(merged.notes).toBe('Bob checked the quote.');
      expect(merged.body.content).toEqual([
        paragraph('Opening line, rewritten by Ann.'),
        paragraph('Middle line, with the judge quoted.'),
      ]);
      // The same field on both: Ann's change was the later one.
      await eventually(
        () => library.getStory(start.id),
        (story) => story.targetLength?.value === 600,
      );
    }
    await eventually(
      () => back.status().changesWaiting,
      (n) => n === 0,
      10_000,
    );
    expect(back.status().state).toBe('online');
    const authors = new Set((await bob.library.listRevisions(start.id)).map((r) => r.author));
    expect(authors).toEqual(new Set(['ann', 'bob']));
    // Bob's earlier value of the field both changed is in his history.
    const snapshots = await Promise.all(
      (await bob.library.listRevisions(start.id)).map((r) => bob.library.getRevision(start.id, r.snapshot)),
    );
    expect(snapshots.some((snap) => snap.author === 'bob' && snap.fields.targetLength?.value === 400)).toBe(true);
    // The merged story is last changed by Ann, whose edit was the later one.
    expect((await bob.library.getStory(start.id)).updatedBy).toBe('ann');
    expect(snapshots[0]?.author).toBe('ann');
  }, 60_000);

  it('brings back a story deleted on one desk while another edited it offline, with a notice', async () => {
    const ann = await desk('ann', 'ann-password');
    const bob = await desk('bob', 'bob-password', { keepSections: ['Obituaries'] });
    const created = await ann.library.createStory({
      language: 'en',
      section: 'Obituaries',
      headline: 'A life in print',
    });
    await eventually(
      () => bob.library.getStory(created.id).catch(() => null),
      (story) => story !== null,
    );
    await bob.client.settle();
    await bob.client.stop();
    const bobBase = await bob.library.getStory(created.id);
    await bob.library.saveStory({
      id: created.id,
      baseRevision: bobBase.revision,
      changes: { body: { type: 'doc', content: [paragraph('Written by Bob while offline.')] } },
    });
    await ann.library.trashStory(created.id);
    await eventually(
      () => ann.client.status().changesWaiting,
      (n) => n === 0,
    );

    const back = syncClient(bob.library, 'bob', await newsroomLogin(newsroom.server.httpUrl, 'bob', 'bob-password'), {
      keepSections: ['Obituaries'],
    });
    await back.start();
    newsroom.cleanups.push(() => back.stop());
    const restored = await eventually(
      () => ann.library.getStory(created.id).catch(() => null),
      (story) => story !== null && bodyText(story).includes('Written by Bob while offline.'),
      10_000,
    );
    expect(restored!.headline).toBe('A life in print');
    // The notice follows the file by a moment (it is recorded once the restored story is written).
    const notices = await eventually(
      () => ann.client.status().notices,
      (list) => list.some((n) => n.kind === 'restored' && n.storyId === created.id),
    );
    expect(notices.find((n) => n.storyId === created.id)?.headline).toBe('A life in print');
    // Bob keeps it too, and the trash on Ann's desk no longer holds it.
    await eventually(
      () => bob.library.getStory(created.id).catch(() => null),
      (story) => story !== null && bodyText(story).includes('Written by Bob while offline.'),
    );
    expect((await ann.library.listTrash()).some((s) => s.id === created.id)).toBe(false);
  }, 60_000);

  it('carries the photos a story shows to the other desk, checked against their hash', async () => {
    const ann = await desk('ann', 'ann-password');
    const bob = await desk('bob', 'bob-password', { keepSections: ['Pictures'] });
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const { assetId } = await ann.library.assets.add(png, 'dot.png');
    const created = await ann.library.createStory({ language: 'en', section: 'Pictures', headline: 'A dot' });
    await ann.library.saveStory({
      id: created.id,
      baseRevision: created.revision,
      changes: {
        body: {
          type: 'doc',
          content: [
            paragraph('Above, a dot.'),
            { type: 'photoFigure', attrs: { asset: assetId, alt: 'a dot', caption: 'The dot', credit: 'Ann' } },
          ],
        },
      },
    });
    await eventually(
      () => bob.library.getStory(created.id).catch(() => null),
      (story) => story !== null && bodyText(story).includes(assetId),
    );
    // The photo may follow its story by a moment (sent beside the text): asked for again until it is there.
    const arrived = await eventually(
      () => bob.library.assets.read(assetId).catch(() => null),
      (asset) => asset !== null,
    );
    expect(Buffer.compare(arrived!.bytes, png)).toBe(0);
  }, 60_000);
});
