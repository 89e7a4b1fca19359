import { readdir, rm } from 'node:fs/promises';
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

/** Saves by one author less than this apart belong to one editing session. */
export const SESSION_GAP_MS = 10 * 60 * 1000;
/** A snapshot spans at most this much work: text changed over a longer stretch keeps a version every five minutes. */
export const SNAPSHOT_SPAN_MS = 5 * 60 * 1000;

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Which snapshots thinning keeps: every one from the last day, the newest of each hour for
 * a week, the newest of each day before that. Snapshots that mark something (creation,
 * import, restore, a checkpoint the writer saved, a status change) and the newest one are
 * always kept. Returns the snapshot numbers to delete.
 */
export function snapshotsToThin(metas: readonly RevisionMeta[], now: Date): number[] {
  const newest = Math.max(0, ...metas.map((m) => m.snapshot));
  const seen = new Set<string>();
  const drop: number[] = [];
  // Newest first, so each hour or day keeps its newest snapshot.
  for (const meta of [...metas].sort((a, b) => b.snapshot - a.snapshot)) {
    if (meta.snapshot === newest || meta.kind !== 'edit' || meta.statusChanged) continue;
    const saved = Date.parse(meta.savedAt);
    const age = now.getTime() - saved;
    if (!(age > DAY_MS)) continue;
    const bucket = age <= 7 * DAY_MS ? `h${Math.floor(saved / HOUR_MS)}` : `d${Math.floor(saved / DAY_MS)}`;
    if (seen.has(bucket)) drop.push(meta.snapshot);
    else seen.add(bucket);
  }
  return drop;
}

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
    /**
     * A checkpoint's name; whether this save moved the workflow status (a snapshot of its own);
     * `apart`: a change from another desk (the newsroom), never folded into a session here
     * (it coalesces with that desk's earlier saves by the same author).
     */
    mark: { name?: string; statusChanged?: boolean; apart?: boolean } = {},
  ): Promise<RevisionMeta> {
    const previous = await this.newest(story.id);
    const coalesce =
      previous !== null &&
      kind === 'edit' &&
      previous.kind === 'edit' &&
      !mark.statusChanged &&
      // Another desk's saves fold into that desk's stretch of work (live co-editing writes one
      // every second or so), never into this desk's session, nor the reverse.
      Boolean(mark.apart) === Boolean(previous.fromElsewhere) &&
      !previous.statusChanged &&
      previous.author === author &&
      at.getTime() - Date.parse(previous.savedAt) < SESSION_GAP_MS &&
      at.getTime() - Date.parse(previous.startedAt) < SNAPSHOT_SPAN_MS;
    // A checkpoint of text already in the newest snapshot marks that snapshot instead of copying it.
    const markPrevious =
      previous !== null && kind === 'checkpoint' && previous.kind === 'edit' && previous.revision === story.revision;
    const summary = counted ?? summariseStory(story);
    const fields = StoryFields.parse(story);
    const snapshot: RevisionSnapshot = {
      schemaVersion: SCHEMA_VERSION,
      storyId: story.id,
      // Numbered from the folder, not from the newest readable snapshot: a damaged newest
      // file must not make the next session overwrite an older one.
      snapshot: coalesce || markPrevious ? previous.snapshot : ((await this.snapshotNumbers(story.id)).at(-1) ?? 0) + 1,
      revision: story.revision,
      kind,
      author,
      startedAt: coalesce || markPrevious ? previous.startedAt : at.toISOString(),
      savedAt: markPrevious ? previous.savedAt : at.toISOString(),
      saves: coalesce ? previous.saves + 1 : markPrevious ? previous.saves : 1,
      headline: story.headline,
      charCount: summary.charCount,
      wordCount: summary.wordCount,
      restoredFrom,
      ...(mark.name?.trim() ? { name: mark.name.trim().slice(0, 120) } : {}),
      ...(mark.statusChanged ? { statusChanged: true } : {}),
      ...(mark.apart ? { fromElsewhere: true } : {}),
      fields,
    };
    await ensureDirIn(this.root, 'history', story.id);
    await writeJson(join(this.dir(story.id), fileName(snapshot.snapshot)), snapshot);
    this.latest.set(story.id, snapshot);
    // A new snapshot is the moment to thin the old ones; a failure to thin loses nothing.
    if (!coalesce && !markPrevious) await this.thin(story.id, at).catch(() => undefined);
    const { fields: _fields, schemaVersion: _v, storyId: _s, ...meta } = snapshot;
    return meta;
  }

  /** Deletes the snapshots the thinning policy (snapshotsToThin) no longer keeps. */
  async thin(storyId: string, now: Date): Promise<number> {
    const drop = snapshotsToThin(await this.list(storyId), now);
    for (const n of drop) await rm(join(this.dir(storyId), fileName(n)), { force: true });
    return drop.length;
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
