import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type RevisionMeta,
  RevisionSnapshot,
  SCHEMA_VERSION,
  type Story,
  StoryFields,
  summariseStory,
  type StorySummary,
} from '../../shared/model';
import { TEMP_FILE, ensureDirIn, removeStaleTemps } from './durable-file';
import { exists, readJson, writeJson } from './json-file';

/** Saves by one author less than this apart belong to one editing session, one snapshot. */
export const SESSION_GAP_MS = 10 * 60 * 1000;

const fileName = (snapshot: number): string => `${snapshot.toString().padStart(6, '0')}.json`;

export type RevisionKind = RevisionMeta['kind'];

/**
 * A story's revision history: `history/<story id>/<snapshot>.json`, one file per editing
 * session. A save rewrites the current session's snapshot or starts the next one, so it
 * writes one small file, never the whole history.
 */
export class StoryHistory {
  /** The newest snapshot of each story whose history has been touched, to decide coalescing. */
  private readonly latest = new Map<string, RevisionSnapshot | null>();

  constructor(private readonly root: string) {}

  private dir(storyId: string): string {
    return join(this.root, 'history', storyId);
  }

  private async snapshotNumbers(storyId: string): Promise<number[]> {
    const dir = this.dir(storyId);
    if (!(await exists(dir))) return [];
    const names = await readdir(dir);
    // A write that a crash interrupted leaves its temporary file; the story's next save clears it.
    if (names.some((f) => TEMP_FILE.test(f))) await removeStaleTemps(dir);
    return names
      .filter((f) => /^\d{6}\.json$/.test(f))
      .map((f) => Number(f.slice(0, 6)))
      .sort((a, b) => a - b);
  }

  private async newest(storyId: string): Promise<RevisionSnapshot | null> {
    if (this.latest.has(storyId)) return this.latest.get(storyId)!;
    const numbers = await this.snapshotNumbers(storyId);
    const last = numbers.at(-1);
    const snapshot = last === undefined ? null : await this.read(storyId, last).catch(() => null);
    this.latest.set(storyId, snapshot);
    return snapshot;
  }

  /** Records the story as saved: into the open session's snapshot, or a new one. */
  async record(
    story: Story,
    kind: RevisionKind,
    author: string,
    at: Date,
    restoredFrom: number | null = null,
    /** The story's counts when the caller has them (the library just indexed it): counting twice per save is waste. */
    counted?: Pick<StorySummary, 'charCount' | 'wordCount'>,
  ): Promise<RevisionMeta> {
    const previous = await this.newest(story.id);
    const coalesce =
      previous !== null &&
      kind === 'edit' &&
      previous.kind === 'edit' &&
      previous.author === author &&
      at.getTime() - Date.parse(previous.savedAt) < SESSION_GAP_MS;
    const summary = counted ?? summariseStory(story);
    const fields = StoryFields.parse(story);
    const snapshot: RevisionSnapshot = {
      schemaVersion: SCHEMA_VERSION,
      storyId: story.id,
      // Numbered from the folder, not from the newest readable snapshot: a damaged newest
      // file must not make the next session overwrite an older one.
      snapshot: coalesce ? previous.snapshot : ((await this.snapshotNumbers(story.id)).at(-1) ?? 0) + 1,
      revision: story.revision,
      kind,
      author,
      startedAt: coalesce ? previous.startedAt : at.toISOString(),
      savedAt: at.toISOString(),
      saves: coalesce ? previous.saves + 1 : 1,
      headline: story.headline,
      charCount: summary.charCount,
      wordCount: summary.wordCount,
      restoredFrom,
      fields,
    };
    await ensureDirIn(this.root, 'history', story.id);
    await writeJson(join(this.dir(story.id), fileName(snapshot.snapshot)), snapshot);
    this.latest.set(story.id, snapshot);
    const { fields: _fields, schemaVersion: _v, storyId: _s, ...meta } = snapshot;
    return meta;
  }

  /** True when the story has no snapshot yet (a sample story, or one written before history existed). */
  async isEmpty(storyId: string): Promise<boolean> {
    return (await this.snapshotNumbers(storyId)).length === 0;
  }

  async read(storyId: string, snapshot: number): Promise<RevisionSnapshot> {
    return readJson(join(this.dir(storyId), fileName(snapshot)), RevisionSnapshot, {});
  }

  /** The newest snapshot that reads and passes its schema; damaged ones are skipped. */
  async newestReadable(storyId: string): Promise<RevisionSnapshot | null> {
    for (const n of (await this.snapshotNumbers(storyId)).reverse()) {
      try {
        return await this.read(storyId, n);
      } catch {
        // Damaged: stays where it is, and the next older one is tried.
      }
    }
    return null;
  }

  /** Snapshots, newest first, without their text. Unreadable snapshots are left out. */
  async list(storyId: string): Promise<RevisionMeta[]> {
    const numbers = await this.snapshotNumbers(storyId);
    const out: RevisionMeta[] = [];
    for (const n of numbers.reverse()) {
      try {
        const { fields: _fields, schemaVersion: _v, storyId: _s, ...meta } = await this.read(storyId, n);
        out.push(meta);
      } catch {
        // A damaged snapshot does not hide the rest of the history.
      }
    }
    return out;
  }
}
