import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NewsroomClient } from '../../../../electron/newsroom/client/newsroom-client';
import { Library } from '../../../../electron/store/library';
import type { Edition } from '../../../../shared/model';
import { newsroomLogin } from '../../../helpers/newsroom-services';
import { useNewsroom } from '../../../helpers/newsroom-desks';
import { placeholderBlock as block } from '../../../helpers/edition-blocks';
import { eventually } from '../../../helpers/eventually';
import { tempDir } from '../../../helpers/temp';

/** Editions between two desks on a real newsroom server: an edition made on one is on the other; moves of different blocks merge. */

const newsroom = useNewsroom([
  { name: 'cleo', role: 'chief', password: 'cleo-password' },
  { name: 'dan', role: 'admin', password: 'dan-password' },
]);

function startClient(library: Library, user: string, token: string): NewsroomClient {
  return new NewsroomClient({
    library,
    token,
    settings: { servers: [newsroom.server.httpUrl], user, keepSections: [], keepDays: 14 },
    retryDelayMs: 100,
  });
}

async function desk(user: string, password: string) {
  const { dir, cleanup } = await tempDir(`masthead-ed-${user}-`);
  const { library } = await Library.open(dir, { author: () => user });
  const token = await newsroomLogin(newsroom.server.httpUrl, user, password);
  const client = startClient(library, user, token);
  await client.start();
  newsroom.cleanups.push(async () => {
    await client.stop();
    await cleanup();
  });
  return { library, client, token };
}

const moved = (edition: Edition, id: string, line: number): Edition => ({
  ...edition,
  pages: edition.pages.map((page, i) =>
    i === 0 ? { ...page, placements: page.placements.map((p) => (p.id === id ? { ...p, line } : p)) } : page,
  ),
});

describe('editions between two desks', () => {
  it('brings an edition made on one desk to the other, and keeps both desks’ moves of different blocks', async () => {
    const cleo = await desk('cleo', 'cleo-password');
    const dan = await desk('dan', 'dan-password');
    const created = await cleo.library.createEdition({
      publication: 'The Harbour Times',
      date: '2026-12-07',
      issueNumber: 101,
      templateId: 'zh-broadsheet',
      pageCount: 2,
      sections: [],
    });
    const laidOut = await cleo.library.saveEdition({
      edition: {
        ...created,
        pages: created.pages.map((page, i) =>
          i === 0 ? { ...page, placements: [block('block-a', 0, 0), block('block-b', 1, 0)] } : page,
        ),
      },
      baseUpdatedAt: created.updatedAt,
    });
    const arrived = await eventually(
      () => dan.library.getEdition(laidOut.id),
      (edition) => edition.pages[0]?.placements.length === 2,
    );
    expect(arrived.publication).toBe('The Harbour Times');
    expect(arrived.pages).toHaveLength(2);
    await dan.client.settle();

    // At once: Cleo moves block A, Dan block B.
    const [cleoBase, danBase] = [await cleo.library.getEdition(laidOut.id), await dan.library.getEdition(laidOut.id)];
    await Promise.all([
      cleo.library.saveEdition({ edition: moved(cleoBase, 'block-a', 20), baseUpdatedAt: cleoBase.updatedAt }),
      dan.library.saveEdition({ edition: moved(danBase, 'block-b', 30), baseUpdatedAt: danBase.updatedAt }),
    ]);
    for (const side of [cleo, dan]) {
      const merged = await eventually(
        () => side.library.getEdition(laidOut.id),
        (edition) => {
          const lines = Object.fromEntries(edition.pages[0]!.placements.map((p) => [p.id, p.line]));
          return lines['block-a'] === 20 && lines['block-b'] === 30;
        },
      );
      expect(merged.pages[0]!.placements.map((p) => p.id)).toEqual(['block-a', 'block-b']);
    }
    await eventually(
      async () => [cleo.client.status().changesWaiting, dan.client.status().changesWaiting],
      (counts) => counts.every((n) => n === 0),
    );
  }, 60_000);

  it('an edition this library held before connecting, the same as the newsroom’s, leaves nothing waiting', async () => {
    const cleo = await desk('cleo', 'cleo-password');
    const dan = await desk('dan', 'dan-password');
    const created = await cleo.library.createEdition({
      publication: 'The Harbour Times',
      date: '2026-12-08',
      issueNumber: 102,
      templateId: 'zh-broadsheet',
      pageCount: 1,
      sections: [],
    });
    await eventually(
      () => dan.library.getEdition(created.id),
      (edition) => edition.id === created.id,
    );
    await dan.client.settle();
    // Dan's machine loses the edition's Yjs state (a library copied from elsewhere): the
    // edition is then a library's own, written on top of the newsroom's state once it is in.
    await dan.client.stop();
    await rm(join(dan.library.root, 'editions', `${created.id}.ystate`));
    const again = startClient(dan.library, 'dan', dan.token);
    newsroom.cleanups.push(() => again.stop());
    await again.start();
    await eventually(
      async () => again.status().changesWaiting,
      (waiting) => waiting === 0,
    );
    expect((await dan.library.getEdition(created.id)).issueNumber).toBe(102);
  }, 60_000);
});
