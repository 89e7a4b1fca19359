import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, Story } from '../../../../shared/model';
import { Library, RECOVERY_AUTHOR, shardOf } from '../../../../electron/store/library';
import { describeRecovery } from '../../../../electron/store/recovery';
import { changedFiles, sampleLibrary, snapshot, tempDir } from '../../../helpers/temp';
import { makeWorkspace } from '../rpc/workspace-fixture';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

const at = new Date('2026-07-22T10:00:00Z');
const open = () => Library.open(dir, { now: () => at, author: () => '林小雨' });
const paragraph = (text: string) => ({
  type: 'doc' as const,
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});
const readJsonFile = async (...parts: string[]) => JSON.parse(await readFile(join(dir, ...parts), 'utf8'));
const quarantined = async () => {
  const q = join(dir, 'quarantine');
  const out: string[] = [];
  const walk = async (d: string, rel: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.isDirectory()) await walk(join(d, e.name), join(rel, e.name));
      // README.json is the record of the repair (repair-log.ts), not a quarantined file.
      else if (e.name !== 'README.json' || d === q) out.push(join(rel, e.name));
    }
  };
  await walk(q, '').catch(() => undefined);
  return out;
};

/** A library with one story saved twice, so it has history to come back from. */
async function libraryWithHistory() {
  const { library } = await open();
  const story = await library.createStory({ language: 'zh-Hans', headline: '暴雨预警' });
  const saved = await library.saveStory({
    id: story.id,
    baseRevision: 1,
    changes: { body: paragraph('全市今晚有暴雨。') },
  });
  return { library, story: saved };
}

describe('opening a damaged library', () => {
  it('quarantines a story file that does not parse and restores the story from its newest snapshot', async () => {
    const { story } = await libraryWithHistory();
    await writeFile(join(dir, 'stories', `${story.id}.json`), '{"schemaVersion":1,"id":"' + story.id + '","head');
    const { library, recovery } = await open();
    expect(recovery.quarantined).toEqual([join('stories', `${story.id}.json`)]);
    expect(recovery.restored).toMatchObject([{ id: story.id, headline: '暴雨预警' }]);
    const back = await library.getStory(story.id);
    expect(back.body).toEqual(paragraph('全市今晚有暴雨。'));
    expect(back.revision).toBe(story.revision + 1);
    expect(back.updatedBy).toBe(RECOVERY_AUTHOR);
    // The damaged bytes are kept, never deleted, and the history says what happened.
    const kept = await quarantined();
    expect(kept).toHaveLength(1);
    expect(await readFile(join(dir, 'quarantine', kept[0]!), 'utf8')).toContain('"head');
    expect((await library.listRevisions(story.id))[0]).toMatchObject({ kind: 'restore', author: RECOVERY_AUTHOR });
    const notice = describeRecovery(recovery)!;
    expect(notice).toMatch(/1 damaged file was set aside in quarantine/);
    expect(notice).toContain('暴雨预警');
  });

  it('quarantines a story that fails its schema; with no snapshot it is left out and reported', async () => {
    const { story } = await libraryWithHistory();
    const other = Story.parse({ ...story, id: 'no-history-story', headline: 'orphan', revision: 3 });
    await writeFile(join(dir, 'stories', 'no-history-story.json'), JSON.stringify({ ...other, status: 'bogus' }));
    const { library, recovery } = await open();
    expect(recovery.lost).toEqual(['no-history-story']);
    expect(library.listStories().map((s) => s.id)).toEqual([story.id]);
    expect(describeRecovery(recovery)).toMatch(/no earlier revision/);
  });

  it('restores from an older snapshot when the newest one is damaged too', async () => {
    const { library: first, story } = await libraryWithHistory();
    const snapshots = (await readdir(join(dir, 'history', story.id))).sort();
    expect(snapshots.length).toBeGreaterThanOrEqual(2);
    await writeFile(join(dir, 'history', story.id, snapshots.at(-1)!), 'garbage');
    await writeFile(join(dir, 'stories', `${story.id}.json`), '');
    void first;
    const { library, recovery } = await open();
    expect(recovery.restored[0]!.snapshot).toBe(Number(snapshots[0]!.slice(0, 6)));
    expect((await library.getStory(story.id)).headline).toBe('暴雨预警');
    // A damaged snapshot stays where it is.
    expect(await readFile(join(dir, 'history', story.id, snapshots.at(-1)!), 'utf8')).toBe('garbage');
  });

  it('quarantines a damaged index shard and rebuilds the index from the story files', async () => {
    const { library: first } = await Library.open(dir, { seedFrom: sampleLibrary });
    const before = first.listStories();
    const key = shardOf(before[0]!.id);
    await writeFile(join(dir, 'index', `${key}.json`), '{"schemaVersion":1,"stories":{"x":');
    const { library, recovery } = await open();
    expect(recovery.rebuiltIndex).toBe(true);
    expect(recovery.quarantined).toEqual([join('index', `${key}.json`)]);
    expect(library.listStories()).toEqual(before);
    expect((await readJsonFile('index', `${key}.json`)).stories[before[0]!.id]).toBeTruthy();
  });

  it('rebuilds an index shard that is stale (a crash between a story write and its shard write)', async () => {
    const { story } = await libraryWithHistory();
    const onDisk = await readJsonFile('stories', `${story.id}.json`);
    await writeFile(
      join(dir, 'stories', `${story.id}.json`),
      JSON.stringify({ ...onDisk, headline: '新标题', revision: story.revision + 1 }),
    );
    const { library, recovery } = await open();
    expect(recovery.rebuiltIndex).toBe(true);
    expect(recovery.quarantined).toEqual([]);
    expect(library.listStories()[0]).toMatchObject({ headline: '新标题', revision: story.revision + 1 });
    expect(describeRecovery(recovery)).toBeNull();
  });

  it('recreates a damaged library.json, keeping the damaged one, and keeps the stories', async () => {
    const { story } = await libraryWithHistory();
    await writeFile(join(dir, 'library.json'), 'not json at all');
    const { library, recovery } = await open();
    expect(recovery.recreatedManifest).toBe(true);
    expect(recovery.quarantined).toEqual(['library.json']);
    expect((await readJsonFile('library.json')).schemaVersion).toBe(SCHEMA_VERSION);
    expect(library.listStories().map((s) => s.id)).toEqual([story.id]);
    expect(describeRecovery(recovery)).toMatch(/recreated/);
  });

  it('quarantines a damaged edition and still lists the others', async () => {
    await Library.open(dir, { seedFrom: sampleLibrary });
    await writeFile(join(dir, 'editions', 'broken.json'), '[1,2');
    const { library, recovery } = await open();
    expect(recovery.quarantined).toEqual([join('editions', 'broken.json')]);
    expect(await library.listEditions()).toHaveLength(1);
  });

  it('removes temporary files left by a writer that died, and nothing else', async () => {
    await libraryWithHistory();
    const stale = join(dir, 'stories', '.abc.json.999999999.0123abcd.tmp');
    const foreign = join(dir, 'stories', 'notes.txt');
    await writeFile(stale, '{"half":');
    await writeFile(foreign, 'mine');
    const { recovery } = await open();
    expect(recovery.removedTemps).toBe(1);
    expect(await readdir(join(dir, 'stories'))).toContain('notes.txt');
    expect(await readdir(join(dir, 'stories'))).not.toContain('.abc.json.999999999.0123abcd.tmp');
  });

  it('leaves a story from a newer Masthead untouched', async () => {
    await libraryWithHistory();
    const newer = JSON.stringify({ schemaVersion: SCHEMA_VERSION + 1, id: 'from-the-future' });
    await writeFile(join(dir, 'stories', 'from-the-future.json'), newer);
    const { recovery } = await open();
    expect(recovery.skippedNewer).toEqual([join('stories', 'from-the-future.json')]);
    expect(await readFile(join(dir, 'stories', 'from-the-future.json'), 'utf8')).toBe(newer);
  });
});

describe('opening read-only (another Masthead holds the library)', () => {
  it('checks the library but repairs nothing, leaving damaged files where they are', async () => {
    const { story } = await libraryWithHistory();
    await writeFile(join(dir, 'stories', `${story.id}.json`), '{"broken');
    await writeFile(join(dir, 'index', `${shardOf(story.id)}.json`), '');
    const before = await snapshot(dir);
    const { library, recovery } = await Library.open(dir, { readOnly: true });
    expect(changedFiles(before, await snapshot(dir))).toEqual([]);
    expect(recovery.lost).toEqual([story.id]);
    expect(library.storyCount).toBe(0);
  });
});

describe('migrating a library written by an older schema', () => {
  it('copies the library to backups/pre-migration-… first, then rewrites the migrated files', async () => {
    const { story } = await libraryWithHistory();
    // The story file as an older Masthead wrote it: `title` instead of `headline`.
    const current = await readJsonFile('stories', `${story.id}.json`);
    const { headline, ...rest } = current;
    const old = JSON.stringify({ ...rest, title: headline });
    await writeFile(join(dir, 'stories', `${story.id}.json`), old);
    const target = SCHEMA_VERSION + 1;
    const { library, recovery } = await Library.open(dir, {
      now: () => at,
      migrations: {
        target,
        story: {
          [SCHEMA_VERSION]: ({ title, ...d }) => ({ ...d, headline: title }),
        },
        edition: { [SCHEMA_VERSION]: (d) => d },
        index: { [SCHEMA_VERSION]: (d) => d },
        manifest: { [SCHEMA_VERSION]: (d) => d },
      },
    });
    expect(recovery.migrated).toMatchObject({ from: SCHEMA_VERSION, to: target });
    const backup = recovery.migrated!.backup;
    expect(backup).toMatch(new RegExp(`^backups/pre-migration-${SCHEMA_VERSION}-to-${target}-`));
    // The backup holds the file as it was; the library holds it migrated.
    expect(await readFile(join(dir, backup, 'stories', `${story.id}.json`), 'utf8')).toBe(old);
    expect(await readJsonFile(backup, 'library.json')).toMatchObject({ schemaVersion: SCHEMA_VERSION });
    expect((await readJsonFile('stories', `${story.id}.json`)).headline).toBe('暴雨预警');
    expect((await library.getStory(story.id)).headline).toBe('暴雨预警');
    expect(describeRecovery(recovery)).toContain(backup);
  });

  it('makes no backup when nothing needs migrating', async () => {
    await libraryWithHistory();
    const { recovery } = await open();
    expect(recovery.migrated).toBeNull();
    await expect(readdir(join(dir, 'backups'))).rejects.toThrow();
  });
});

describe('a library opened while damaged always opens', () => {
  it('opens with every kind of damage at once', async () => {
    await Library.open(dir, { seedFrom: sampleLibrary });
    const ids = (await readdir(join(dir, 'stories'))).map((f) => f.replace(/\.json$/, ''));
    await writeFile(join(dir, 'stories', `${ids[0]}.json`), '\u0000\u0000');
    await writeFile(join(dir, 'index', `${shardOf(ids[1]!)}.json`), '');
    await writeFile(join(dir, 'library.json'), '{');
    await mkdir(join(dir, 'history'), { recursive: true });
    const { library, recovery } = await open();
    expect(recovery.quarantined.length).toBe(3);
    expect(library.storyCount).toBe(ids.length - 1);
  });
});

describe('the user is told what recovery did', () => {
  it('opens the app on a damaged library and shows the notice', async () => {
    const first = await makeWorkspace(dir);
    const lib = join(dir, 'library');
    const [story] = first.current.listStories();
    await first.handlers().saveStory({ id: story!.id, baseRevision: story!.revision, changes: { notes: 'x' } });
    await writeFile(join(lib, 'stories', `${story!.id}.json`), '{"broken');
    await first.close();
    const second = await makeWorkspace(dir);
    const info = await second.handlers().getAppInfo(undefined as never);
    expect(info.notice).toMatch(/set aside in quarantine/);
    expect(info.notice).toContain(story!.headline);
    expect((await second.current.getStory(story!.id)).notes).toBe('x');
    await second.close();
  });
});
