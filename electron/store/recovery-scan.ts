import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Edition,
  Id,
  type MigrationTable,
  type RevisionSnapshot,
  SCHEMA_VERSION,
  Story,
  type StoryInput,
  type StorySummary,
  editionMigrations,
  indexMigrations,
  storyMigrations,
  summariseStory,
} from '../../shared/model';
import { describeIoError } from '../rpc/errors';
import { type DurableFs, moveDurably, removeStaleTemps } from './durable-file';
import type { StoryHistory } from './history';
import { exists, readJson, readJsonVersioned, writeJson } from './json-file';
import type { KeyedLock } from './keyed-lock';
import { inPool, isDataFile } from './pool';
import { Quarantine, type RecoveryReport, backupBeforeMigration, emptyReport, isDamage, isNewer } from './recovery';
import { IndexShard, type StoryIndex, isShardFile } from './story-index';
import type { StoryStore } from './story-store';

/**
 * The recovery scan: every file of the library checked as it opens (and, trusting nothing,
 * before a backup), what is damaged set aside in quarantine and brought back where it can
 * be, files of an older schema migrated after a backup, the index rebuilt when it does not
 * match the stories. What it found goes into a RecoveryReport (recovery.ts).
 */

/** The author of a revision written by recovery, as history shows it. */
export const RECOVERY_AUTHOR = 'recovery';

export interface LibraryMigrations {
  story?: MigrationTable;
  edition?: MigrationTable;
  index?: MigrationTable;
  manifest?: MigrationTable;
  target?: number;
}

export const resolveMigrations = (m: LibraryMigrations = {}): Required<LibraryMigrations> => ({
  story: m.story ?? storyMigrations,
  edition: m.edition ?? editionMigrations,
  index: m.index ?? indexMigrations,
  manifest: m.manifest ?? {},
  target: m.target ?? SCHEMA_VERSION,
});

/** What the scan works on: the library's parts, as the Library facade holds them. */
export interface ScanParts {
  root: string;
  readOnly: boolean;
  fs: DurableFs;
  locks: KeyedLock;
  history: StoryHistory;
  index: StoryIndex;
  stories: StoryStore;
  /** library.json as it should be written (after a migration, or when it was damaged). */
  manifest: object;
}

/** A damaged story brought back from its newest readable snapshot, as a new revision by recovery. */
const storyFromSnapshot = (id: string, snapshot: RevisionSnapshot, at: Date): Story =>
  Story.parse({
    ...snapshot.fields,
    schemaVersion: SCHEMA_VERSION,
    id,
    createdAt: snapshot.startedAt,
    updatedAt: at.toISOString(),
    revision: snapshot.revision + 1,
    createdBy: '',
    updatedBy: RECOVERY_AUTHOR,
    statusHistory: [],
  } satisfies StoryInput);

/**
 * Checks every file of the library as it opens, and repairs what it can: temporary files
 * of interrupted writes are removed; damaged files go to quarantine; a damaged story
 * comes back from its newest readable snapshot; the index is rebuilt when it does not
 * match the stories; files of an older schema are migrated after a backup.
 */
export async function scanAtOpen(
  parts: ScanParts,
  report: RecoveryReport,
  quarantine: Quarantine,
  m: Required<LibraryMigrations>,
  at: Date,
  manifest: { from: number; changed: boolean } | null,
): Promise<void> {
  const { root, fs, history, index } = parts;
  const storyPath = (id: string) => parts.stories.path(id);
  const repair = !parts.readOnly;
  for (const dir of repair ? ['', 'index', 'stories', 'editions', 'trash', 'assets'] : []) {
    report.removedTemps += (await removeStaleTemps(join(root, dir))).length;
  }
  const froms: number[] = manifest?.changed ? [manifest.from] : [];

  // The index as it is on disk.
  const indexDir = join(root, 'index');
  let indexSound = await exists(indexDir);
  const indexed = new Map<string, StorySummary>();
  const shardFiles = indexSound ? (await readdir(indexDir)).filter(isShardFile) : [];
  await inPool(shardFiles, 16, async (file) => {
    const path = join(indexDir, file);
    try {
      const { data, changed, from } = await readJsonVersioned(path, IndexShard, m.index, m.target);
      if (changed) froms.push(from);
      index.loadShard(file.slice(0, 2), data);
      for (const summary of Object.values(data.stories)) indexed.set(summary.id, summary);
    } catch (error) {
      if (isDamage(error)) {
        if (repair) await quarantine.put(path);
      } else if (!isNewer(error)) throw error;
      indexSound = false;
    }
  });

  // Every story file, and every edition. A story file whose size and mtime are what its
  // index entry recorded when the library wrote it is known good without reading it: the
  // check reads only files changed since (a crash between a story's write and its shard's,
  // or a change from outside), which keeps opening 10,000 stories fast. A library being
  // migrated, or whose index is unsound, has every file read.
  const stories = new Map<string, Story>();
  const trusted = new Set<string>();
  const migratedStories: Story[] = [];
  const damaged: string[] = [];
  const storiesDir = join(root, 'stories');
  const storyFiles = (await exists(storiesDir)) ? (await readdir(storiesDir)).filter(isDataFile) : [];
  const quick = indexSound && froms.length === 0 && !report.recreatedManifest;
  await inPool(storyFiles, 16, async (file) => {
    const path = join(storiesDir, file);
    const id = file.slice(0, -'.json'.length);
    const recorded = quick ? indexed.get(id)?.file : undefined;
    if (recorded) {
      const info = await stat(path).catch(() => null);
      if (info && info.size === recorded.size && info.mtimeMs === recorded.mtimeMs) {
        trusted.add(id);
        return;
      }
    }
    try {
      const { data, changed, from } = await readJsonVersioned(path, Story, m.story, m.target);
      if (data.id !== id) {
        // A story file renamed by hand: listed under its id, it could not be opened by it.
        // It gets its own name back; a second copy of a story already there is set aside.
        const proper = storyPath(data.id);
        if (!repair) return;
        if (!(await exists(proper)) && Id.safeParse(data.id).success) {
          await moveDurably(path, proper);
          report.renamed = [
            ...(report.renamed ?? []),
            { from: join('stories', file), to: join('stories', `${data.id}.json`) },
          ];
        } else {
          await quarantine.put(path);
          return;
        }
      }
      stories.set(data.id, data);
      if (changed) {
        froms.push(from);
        migratedStories.push(data);
      }
    } catch (error) {
      if (isNewer(error)) report.skippedNewer.push(join('stories', file));
      else if (isDamage(error)) {
        if (repair) await quarantine.put(path);
        damaged.push(file.slice(0, -'.json'.length));
      } else throw error;
    }
  });
  const editionsDir = join(root, 'editions');
  const editionFiles = (await exists(editionsDir)) ? (await readdir(editionsDir)).filter(isDataFile) : [];
  const migratedEditions: { path: string; data: Edition }[] = [];
  await inPool(editionFiles, 16, async (file) => {
    const path = join(editionsDir, file);
    try {
      const { data, changed, from } = await readJsonVersioned(path, Edition, m.edition, m.target);
      if (changed) {
        froms.push(from);
        migratedEditions.push({ path, data });
      }
    } catch (error) {
      if (isNewer(error)) report.skippedNewer.push(join('editions', file));
      else if (isDamage(error)) {
        if (repair) await quarantine.put(path);
      } else throw error;
    }
  });

  // The trash is checked like the stories: a damaged file there would make every later
  // backup unrestorable. It comes back from its newest snapshot, still in the trash.
  const trashDir = join(root, 'trash');
  const trashFiles = (await exists(trashDir)) ? (await readdir(trashDir)).filter(isDataFile) : [];
  await inPool(trashFiles, 16, async (file) => {
    const path = join(trashDir, file);
    try {
      await readJsonVersioned(path, Story, m.story, m.target);
    } catch (error) {
      if (isNewer(error)) report.skippedNewer.push(join('trash', file));
      else if (isDamage(error)) {
        if (repair) await repairTrashed(parts, path, file.slice(0, -'.json'.length), quarantine, report, at);
      } else throw error;
    }
  });

  // Migration: the whole library is copied aside before the first migrated file is written.
  if (froms.length > 0 && repair) {
    const from = Math.min(...froms);
    const backup = await backupBeforeMigration(root, from, m.target, at);
    for (const story of migratedStories) await writeJson(storyPath(story.id), story, fs);
    for (const { path, data } of migratedEditions) await writeJson(path, data, fs);
    await writeJson(join(root, 'library.json'), parts.manifest, fs);
    report.migrated = {
      from,
      to: m.target,
      backup,
      files: migratedStories.length + migratedEditions.length + (manifest?.changed ? 1 : 0),
    };
    indexSound = false;
  }
  if (report.recreatedManifest) await writeJson(join(root, 'library.json'), parts.manifest, fs);

  // A damaged story comes back from its newest readable snapshot, as a new revision.
  for (const id of damaged.sort()) {
    const snapshot = repair && Id.safeParse(id).success ? await history.newestReadable(id) : null;
    if (!snapshot) {
      report.lost.push(id);
      continue;
    }
    const story = storyFromSnapshot(id, snapshot, at);
    await writeJson(storyPath(id), story, fs);
    try {
      await history.record(story, 'restore', RECOVERY_AUTHOR, at, snapshot.snapshot);
    } catch (error) {
      console.error(`[masthead] history of recovered story ${id} not written:`, error);
    }
    stories.set(id, story);
    report.restored.push({ id, headline: story.headline, snapshot: snapshot.snapshot, savedAt: snapshot.savedAt });
  }

  // The index follows the story files; it is rewritten when it does not match them
  // (damaged, missing, or a crash between a story's write and its shard's).
  let matches =
    indexSound &&
    indexed.size === stories.size + trusted.size &&
    [...stories.values()].every((story) => {
      const summary = indexed.get(story.id);
      return summary?.revision === story.revision && summary.updatedAt === story.updatedAt;
    });
  if (!matches && trusted.size > 0) {
    // Rebuilding needs every story: read the ones trusted above after all.
    await inPool([...trusted], 16, async (id) => {
      try {
        stories.set(id, (await readJsonVersioned(storyPath(id), Story, m.story, m.target)).data);
      } catch (error) {
        if (!isDamage(error)) throw error;
        if (repair) await quarantine.put(storyPath(id));
        report.lost.push(id);
      }
    });
    trusted.clear();
    matches = false;
  }
  if (matches) {
    index.adopt(indexed.values());
  } else if (!repair) {
    index.adopt([...stories.values()].map(summariseStory));
  } else {
    await index.writeAll([...stories.values()]);
    report.rebuiltIndex = true;
  }
}

/**
 * Reads every story and trash file, trusting none: open trusts a story file whose size and
 * mtime match its index entry, so bytes changed behind those go unseen until now. A backup
 * calls this before packing, so it never packs a damaged file: what is damaged goes to
 * quarantine and comes back from its newest snapshot, as at open.
 */
export async function checkAllFiles(parts: ScanParts, at: Date): Promise<RecoveryReport> {
  const report = emptyReport();
  if (parts.readOnly) return report;
  const quarantine = new Quarantine(parts.root, at, report);
  for (const folder of ['stories', 'trash'] as const) {
    const dir = join(parts.root, folder);
    const files = (await exists(dir)) ? (await readdir(dir)).filter(isDataFile) : [];
    await inPool(files, 16, async (file) => {
      const id = file.slice(0, -'.json'.length);
      const path = join(dir, file);
      let story: Story | null = null;
      await parts.locks.run(`story:${id}`, async () => {
        try {
          await readJson(path, Story, storyMigrations);
        } catch (error) {
          if (!isDamage(error)) {
            // Moved by a save or a trashing since the listing, or from a newer Masthead: not damage.
            if (isNewer(error) || (error as NodeJS.ErrnoException).code === 'ENOENT') return;
            throw describeIoError(error, `check ${folder}/${file}`);
          }
          if (folder === 'trash') return repairTrashed(parts, path, id, quarantine, report, at);
          await quarantine.put(path);
          const snapshot = Id.safeParse(id).success ? await parts.history.newestReadable(id) : null;
          if (!snapshot) {
            report.lost.push(id);
            await parts.index.write(id, null);
            return;
          }
          story = storyFromSnapshot(id, snapshot, at);
          await parts.stories.write(story);
          await parts.history
            .record(story, 'restore', RECOVERY_AUTHOR, at, snapshot.snapshot)
            .catch((e: unknown) => console.error(`[masthead] history of recovered story ${id} not written:`, e));
          report.restored.push({
            id,
            headline: story.headline,
            snapshot: snapshot.snapshot,
            savedAt: snapshot.savedAt,
          });
        }
      });
      if (report.lost.includes(id)) parts.stories.emit(id, null);
      else if (story) parts.stories.emit(id, story);
    });
  }
  return report;
}

/** A damaged file in the trash: set aside, and back in the trash from its newest snapshot if it has one. */
async function repairTrashed(
  parts: ScanParts,
  path: string,
  id: string,
  quarantine: Quarantine,
  report: RecoveryReport,
  at: Date,
): Promise<void> {
  await quarantine.put(path);
  const snapshot = Id.safeParse(id).success ? await parts.history.newestReadable(id) : null;
  if (!snapshot) {
    report.lost.push(id);
    return;
  }
  const story = storyFromSnapshot(id, snapshot, at);
  await writeJson(path, story, parts.fs);
  report.restored.push({ id, headline: story.headline, snapshot: snapshot.snapshot, savedAt: snapshot.savedAt });
}

/** Reads every story file and returns the readable ones (for rebuilding the index); unreadable ones are left out. */
export async function readAllStories(root: string): Promise<Story[]> {
  const storiesDir = join(root, 'stories');
  const files = (await exists(storiesDir)) ? (await readdir(storiesDir)).filter(isDataFile) : [];
  const stories: Story[] = [];
  await inPool(files, 16, async (file) => {
    try {
      stories.push(await readJson(join(storiesDir, file), Story, storyMigrations));
    } catch (error) {
      if (!isDamage(error) && !isNewer(error)) throw error;
    }
  });
  return stories;
}
