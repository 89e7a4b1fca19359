import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NewsroomClient } from '../../../../electron/newsroom/client/newsroom-client';
import { Library } from '../../../../electron/store/library';
import type { NewsroomSettings, Story } from '../../../../shared/model';
import {
  type NewsroomServerProcess,
  type NewsroomServices,
  addNewsroomUser,
  newsroomLogin,
  startNewsroomServer,
  startNewsroomServices,
} from '../../../helpers/newsroom-services';
import { tempDir } from '../../../helpers/temp';

/**
 * Two desks (two libraries, two users) on one real newsroom server with PostgreSQL: what one
 * writes reaches the other through the real sync service, and nothing is lost when both edit.
 */

let services: NewsroomServices;
let server: NewsroomServerProcess;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  services = await startNewsroomServices();
  server = await startNewsroomServer({ db: services.postgres.url });
  await addNewsroomUser(services.postgres.url, 'ann', 'reporter', 'ann-password');
  await addNewsroomUser(services.postgres.url, 'bob', 'editor', 'bob-password');
}, 120_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await server?.stop();
  await services?.stop();
}, 60_000);

interface Desk {
  library: Library;
  client: NewsroomClient;
  user: string;
}

async function desk(user: string, password: string, settings: Partial<NewsroomSettings> = {}): Promise<Desk> {
  const { dir, cleanup } = await tempDir(`masthead-desk-${user}-`);
  const { library } = await Library.open(dir, { author: () => user });
  const token = await newsroomLogin(server.httpUrl, user, password);
  const client = new NewsroomClient({
    library,
    token,
    settings: { servers: [server.httpUrl], user, keepSections: [], keepDays: 14, ...settings },
    retryDelayMs: 100,
  });
  await client.start();
  cleanups.push(async () => {
    await client.stop();
    await cleanup();
  });
  return { library, client, user };
}

async function eventually<T>(read: () => Promise<T> | T, ok: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`not reached in ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
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
});
