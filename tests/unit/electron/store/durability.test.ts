import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type DurableFs,
  DurableJsonFile,
  TEMP_FILE,
  nodeDurableFs,
  writeFileDurably,
} from '../../../../electron/store/durable-file';
import { ServiceError } from '../../../../electron/rpc/errors';
import { Library } from '../../../../electron/store/library';
import { Story } from '../../../../shared/model';
import { changedFiles, snapshot, tempDir } from '../../../helpers/temp';

let parent: string;
let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir: parent, cleanup } = await tempDir());
  dir = join(parent, 'library');
});
afterEach(() => cleanup());

const errno = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });
const paragraph = (text: string) => ({
  type: 'doc' as const,
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

/** The real file system, with a switch that makes the next writes fail the way a disk does. */
function faultyFs() {
  const state: { fail: null | 'ENOSPC' | 'EROFS' | 'EACCES'; calls: string[] } = { fail: null, calls: [] };
  const fs: DurableFs = {
    ...nodeDurableFs,
    open: async (path, flags, mode) => {
      state.calls.push(`open ${flags} ${path}`);
      if (state.fail && state.fail !== 'ENOSPC' && flags === 'wx') throw errno(state.fail);
      const handle = await nodeDurableFs.open(path, flags, mode);
      return {
        writeFile: async (data) => {
          state.calls.push(`write ${path}`);
          if (state.fail === 'ENOSPC') {
            // Half the bytes reach the disk, then it is full.
            await handle.writeFile(typeof data === 'string' ? data.slice(0, data.length / 2) : data.subarray(0, 8));
            throw errno('ENOSPC');
          }
          await handle.writeFile(data);
        },
        sync: async () => {
          state.calls.push(`sync ${path}`);
          await handle.sync();
        },
        close: () => handle.close(),
      };
    },
    rename: async (from, to) => {
      state.calls.push(`rename ${from} ${to}`);
      await nodeDurableFs.rename(from, to);
    },
  };
  return { fs, state };
}

const tempsUnder = async (root: string) => {
  const found: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.isDirectory()) await walk(join(d, e.name));
      else if (TEMP_FILE.test(e.name) || e.name.endsWith('.tmp')) found.push(join(d, e.name));
    }
  };
  await walk(root);
  return found;
};

describe('a durable write', () => {
  it('writes a temp file beside the target, fsyncs it, renames it over the target, then fsyncs the folder', async () => {
    const { fs, state } = faultyFs();
    const target = join(parent, 'a.json');
    await new DurableJsonFile<{ n: number }>(target, fs).write({ n: 1 });
    await new DurableJsonFile<{ n: number }>(target, fs).write({ n: 2 });
    expect(await new DurableJsonFile<{ n: number }>(target).read()).toEqual({ n: 2 });
    const steps = state.calls
      .slice(0, 6)
      .map((c) => c.replaceAll(parent, '<dir>').replace(/\.a\.json\.\d+\.[0-9a-f]{8}\.tmp/, '<temp>'));
    expect(steps).toEqual([
      'open wx <dir>/<temp>',
      'write <dir>/<temp>',
      'sync <dir>/<temp>',
      'rename <dir>/<temp> <dir>/a.json',
      'open r <dir>',
      'sync <dir>',
    ]);
    expect(await readdir(parent)).toEqual(['a.json']);
  });

  it('serialises writes to one path, so the last one called is the one kept', async () => {
    const target = join(parent, 'b.json');
    await Promise.all(Array.from({ length: 20 }, (_, n) => writeFileDurably(target, JSON.stringify({ n }))));
    expect(JSON.parse(await readFile(target, 'utf8'))).toEqual({ n: 19 });
    expect(await readdir(parent)).toEqual(['b.json']);
  });

  it('reads a missing file as null, like lowdb', async () => {
    expect(await new DurableJsonFile(join(parent, 'none.json')).read()).toBeNull();
  });
});

describe('a library on a disk that fails', () => {
  async function openWithStory() {
    const { fs, state } = faultyFs();
    const { library } = await Library.open(dir, { fs });
    const story = await library.createStory({ language: 'zh-Hans', headline: '原标题' });
    const saved = await library.saveStory({
      id: story.id,
      baseRevision: 1,
      changes: { body: paragraph('已保存的正文') },
    });
    return { library, story: saved, state };
  }

  it('disk full during a story write: the saved story is intact, no temp file is left, the message says so', async () => {
    const { library, story, state } = await openWithStory();
    const before = await snapshot(parent);
    state.fail = 'ENOSPC';
    const error = await library
      .saveStory({ id: story.id, baseRevision: story.revision, changes: { headline: '新标题' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe('io');
    expect((error as ServiceError).message).toMatch(/the disk is full/);
    expect(changedFiles(before, await snapshot(parent))).toEqual([]);
    expect(await tempsUnder(parent)).toEqual([]);
    const onDisk = Story.parse(JSON.parse(await readFile(join(dir, 'stories', `${story.id}.json`), 'utf8')));
    expect(onDisk).toMatchObject({ headline: '原标题', revision: story.revision });
    // Once there is room again, saving works from the revision that is on disk.
    state.fail = null;
    await expect(
      library.saveStory({ id: story.id, baseRevision: story.revision, changes: { headline: '新标题' } }),
    ).resolves.toMatchObject({ headline: '新标题' });
  });

  it.each(['EROFS', 'EACCES'] as const)(
    'a read-only folder (%s): "not writable", and nothing changes',
    async (code) => {
      const { library, story, state } = await openWithStory();
      const before = await snapshot(parent);
      state.fail = code;
      await expect(
        library.saveStory({ id: story.id, baseRevision: story.revision, changes: { headline: '新标题' } }),
      ).rejects.toThrow(/the folder is not writable/);
      await expect(library.createStory({ language: 'en', headline: 'new' })).rejects.toThrow(/not writable/);
      expect(changedFiles(before, await snapshot(parent))).toEqual([]);
    },
  );

  it('a library folder that vanished: clear messages, no crash, and it is not recreated', async () => {
    const { library, story } = await openWithStory();
    await rm(dir, { recursive: true });
    await expect(
      library.saveStory({ id: story.id, baseRevision: story.revision, changes: { headline: 'x' } }),
    ).rejects.toThrow(/does not exist/);
    await expect(library.createStory({ language: 'en', headline: 'new' })).rejects.toThrow(ServiceError);
    await expect(library.trashStory(story.id)).rejects.toThrow(ServiceError);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    await expect(library.assets.add(png, 'photo.png')).rejects.toThrow(/does not exist/);
    expect(await readdir(parent)).toEqual([]);
  });

  it('writes nothing outside the library folder, whatever happens', async () => {
    const before = await snapshot(parent);
    const { library, story, state } = await openWithStory();
    await library.trashStory(story.id);
    await library.restoreStory(story.id);
    state.fail = 'ENOSPC';
    await library.createStory({ language: 'en' }).catch(() => undefined);
    const outside = changedFiles(before, await snapshot(parent)).filter((p) => !p.startsWith('library/'));
    expect(outside).toEqual([]);
  });
});
