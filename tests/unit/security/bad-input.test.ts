import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Handlers, dispatch } from '../../../electron/rpc/dispatch';
import type { Workspace } from '../../../electron/rpc/workspace';
import { Story } from '../../../shared/model';
import { changedFiles, snapshot, tempDir } from '../../helpers/temp';
import { makeWorkspace } from '../electron/rpc/workspace-fixture';
import { TRAVERSAL } from './fuzz';

/**
 * Bad input a user can really produce (a huge paste, a file named with ../, a "photo" that is
 * not one), through the real path: dispatch over a real library on disk.
 */
let dir: string;
let libraryDir: string;
let cleanup: () => Promise<void>;
let workspace: Workspace;
let handlers: Handlers;
let story: Story;

const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const call = (method: string, input: unknown) => dispatch(handlers, method, input, () => {});

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('masthead-bad-input-'));
  workspace = await makeWorkspace(dir);
  handlers = workspace.handlers();
  libraryDir = join(dir, 'library');
  const list = (await call('listStories', undefined)) as { value: { id: string }[] };
  story = Story.parse(((await call('getStory', { id: list.value[0]!.id })) as { value: unknown }).value);
});
afterEach(async () => {
  await workspace.close();
  await cleanup();
});

/** Every file of the library apart from the lock's heartbeat. */
const changesSince = async (before: Awaited<ReturnType<typeof snapshot>>) =>
  changedFiles(before, await snapshot(libraryDir)).filter((p) => p !== '.masthead-lock');

describe('a 10 MB paste', () => {
  it('is saved whole as a story body, and the story file stays readable', async () => {
    // About 10 MB: 10,800 paragraphs of 1,000 characters. (English: a Chinese paste of the same
    // size saves too, but takes about 8 s here, most of it in the search index; see the report
    // in docs/security.md.)
    const paragraph = 'The desk filed copy late tonight. '.repeat(29);
    const content = Array.from({ length: 10_800 }, (_, i) => ({
      type: 'paragraph',
      content: [{ type: 'text', text: `${i} ${paragraph}` }],
    }));
    const body = { type: 'doc', content };
    expect(Buffer.byteLength(JSON.stringify(body))).toBeGreaterThan(10 * 1024 * 1024);
    const others = await snapshot(join(libraryDir, 'stories'));
    const reply = await call('saveStory', { id: story.id, baseRevision: story.revision, changes: { body } });
    expect(reply).toMatchObject({ ok: true });
    const onDisk = Story.parse(JSON.parse(await readFile(join(libraryDir, 'stories', `${story.id}.json`), 'utf8')));
    expect(onDisk.body.content).toHaveLength(10_800);
    expect(onDisk.body).toEqual(body);
    // No other story was touched.
    const changed = changedFiles(others, await snapshot(join(libraryDir, 'stories')));
    expect(changed).toEqual([`${story.id}.json`]);
  });

  it('as one 10 MB paragraph is saved too', async () => {
    const text = 'a'.repeat(10 * 1024 * 1024);
    const body = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
    const reply = await call('saveStory', { id: story.id, baseRevision: story.revision, changes: { body } });
    expect(reply).toMatchObject({ ok: true });
    const again = (await call('getStory', { id: story.id })) as { value: Story };
    expect((again.value.body.content?.[0]?.content?.[0] as { text: string }).text).toHaveLength(text.length);
  });

  it('in a headline is refused with a clear message and the story is unharmed', async () => {
    const before = await snapshot(libraryDir);
    const reply = await call('saveStory', {
      id: story.id,
      baseRevision: story.revision,
      changes: { headline: '长'.repeat(10 * 1024 * 1024) },
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    if (!reply.ok) expect(reply.error.issues?.[0]?.path).toBe('changes.headline');
    expect(await changesSince(before)).toEqual([]);
  });
});

describe('photos', () => {
  it('stores a photo named ../../evil.png under assets/<sha256>.png and nowhere else', async () => {
    const outside = await snapshot(dir).then((s) => [...s.keys()].filter((p) => !p.startsWith('library')));
    const reply = await call('importAsset', { name: '../../evil.png', data: png.toString('base64') });
    expect(reply).toMatchObject({ ok: true, value: { mime: 'image/png', bytes: png.length } });
    const { assetId } = (reply as { value: { assetId: string } }).value;
    expect(assetId).toMatch(/^[0-9a-f]{64}\.png$/);
    expect(await readdir(join(libraryDir, 'assets'))).toEqual([assetId]);
    expect(await readFile(join(libraryDir, 'assets', assetId))).toEqual(png);
    const after = await snapshot(dir).then((s) => [...s.keys()].filter((p) => !p.startsWith('library')));
    expect(after).toEqual(outside);
    expect(JSON.stringify([...(await snapshot(dir)).keys()])).not.toContain('evil');
  });

  it.each([
    ['photo.png', Buffer.from('this is a text file, not a picture')],
    ['photo.png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
    ['photo.jpg', Buffer.from('%PDF-1.7\n')],
    ['photo.png', png.subarray(0, 7)],
  ])('refuses %s whose bytes are not an image, with a clear message', async (name, bytes) => {
    const before = await snapshot(libraryDir);
    const reply = await call('importAsset', { name, data: bytes.toString('base64') });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: `${name} is not a PNG, JPEG, GIF or WebP image.` },
    });
    expect(await changesSince(before)).toEqual([]);
  });

  it('refuses an empty file and a name with no characters', async () => {
    expect(await call('importAsset', { name: 'photo.png', data: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: 'photo.png is empty.' },
    });
    expect(await call('importAsset', { name: '', data: png.toString('base64') })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
  });

  it('reads no file by a traversal asset id', async () => {
    for (const id of [...TRAVERSAL, '../library.json', `../stories/${story.id}.json`]) {
      await expect(workspace.current.assets.read(id)).rejects.toMatchObject({ code: 'invalid-input' });
    }
  });
});

describe('ids that try to leave their folder', () => {
  it.each(TRAVERSAL.filter((id) => !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(id) || id.length > 64))(
    'refuses %j for every story and revision read',
    async (id) => {
      for (const [method, input] of [
        ['getStory', { id }],
        ['listRevisions', { id }],
        ['getRevision', { id, snapshot: 1 }],
        ['getEdition', { id }],
        ['trashStory', { id }],
        ['restoreStory', { id }],
        ['restoreRevision', { id, snapshot: 1, baseRevision: 0 }],
      ] as const) {
        expect(await call(method, input), `${method} ${id}`).toMatchObject({
          ok: false,
          error: { code: 'invalid-input' },
        });
      }
    },
  );

  it('answers not-found, reading nothing, for a well-formed id that names a file elsewhere', async () => {
    // "library" is a legal id; it must not be read as library.json.
    for (const id of ['library', 'index', 'assets', 'CON']) {
      const reply = await call('getStory', { id });
      expect(reply, id).toMatchObject({ ok: false, error: { code: 'not-found' } });
    }
  });
});
