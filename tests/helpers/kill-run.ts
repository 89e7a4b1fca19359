import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { TEMP_FILE } from '../../electron/store/durable-file';
import { Library } from '../../electron/store/library';
import { RevisionSnapshot, SCHEMA_VERSION, Story, StorySummary } from '../../shared/model';
import { repoRoot } from './temp';

/**
 * The kill test: a writer process (kill-writer.ts) saves stories in a loop and is killed
 * with SIGKILL at a random moment, again and again on the same library. After each kill
 * every file must parse and pass its schema, and every acknowledged save must be on disk,
 * whole: the acknowledged version or a later one, never a torn mix.
 */

export interface KillRunOptions {
  root: string;
  iterations: number;
  /** Milliseconds after the writer is ready before it is killed, drawn uniformly. */
  minDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
}

export interface KillRunResult {
  iterations: number;
  acknowledged: number;
  /** Kills that landed while the writer was still opening the library (before `ready`). */
  killedDuringOpen: number;
  tempFilesSeen: number;
  durationMs: number;
}

const IndexShard = z.object({ schemaVersion: z.literal(SCHEMA_VERSION), stories: z.record(z.string(), StorySummary) });
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
const writerScript = join(repoRoot, 'tests/helpers/kill-writer.ts');

interface Ack {
  revision: number;
  sha: string;
}

/**
 * One writer, killed `delayMs` after it is ready to save, or, with `fromSpawn`, that long
 * after it was started (so some kills land while the library is opening and repairing).
 */
function runOnce(
  root: string,
  delayMs: number,
  fromSpawn: boolean,
  acks: Map<string, Ack>,
): Promise<{ acknowledged: number; ready: boolean }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', writerScript, root], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffer = '';
    let stderr = '';
    let acknowledged = 0;
    let ready = false;
    let timer: NodeJS.Timeout | undefined = fromSpawn ? setTimeout(() => child.kill('SIGKILL'), delayMs) : undefined;
    // A writer that never gets ready is killed anyway, so a hang cannot stall the run.
    const fallback = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const [word, id, revision, hash] = line.split(' ');
        if (word === 'ack' && id && revision && hash) {
          acks.set(id, { revision: Number(revision), sha: hash });
          acknowledged++;
        } else if (word === 'ready' && !ready) {
          ready = true;
          if (!fromSpawn) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(fallback);
      clearTimeout(timer);
      if (signal !== 'SIGKILL') {
        reject(new Error(`the writer stopped by itself (code ${code}, signal ${signal}):\n${stderr}`));
      } else resolve({ acknowledged, ready });
    });
  });
}

async function jsonFiles(dir: string): Promise<{ data: string[]; temps: string[]; strays: string[] }> {
  const out = { data: [] as string[], temps: [] as string[], strays: [] as string[] };
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    if (TEMP_FILE.test(name)) out.temps.push(join(dir, name));
    else if (name.endsWith('.json')) out.data.push(join(dir, name));
    else out.strays.push(join(dir, name));
  }
  return out;
}

/** Checks the library as the killed writer left it. Throws with what is wrong. */
export async function checkLibrary(root: string, acks: Map<string, Ack>): Promise<{ temps: number }> {
  const problems: string[] = [];
  let temps = 0;
  const parse = async <T>(path: string, schema: z.ZodType<T>): Promise<T | null> => {
    try {
      return schema.parse(JSON.parse(await readFile(path, 'utf8')));
    } catch (error) {
      problems.push(`${path}: ${(error as Error).message.slice(0, 200)}`);
      return null;
    }
  };
  const stories = await jsonFiles(join(root, 'stories'));
  const index = await jsonFiles(join(root, 'index'));
  const historyDirs = await readdir(join(root, 'history')).catch(() => [] as string[]);
  const history = await Promise.all(historyDirs.map((d) => jsonFiles(join(root, 'history', d))));
  for (const group of [stories, index, ...history]) {
    temps += group.temps.length;
    for (const stray of group.strays) problems.push(`${stray}: not a library file nor a temporary file`);
  }
  const onDisk = new Map<string, Story>();
  for (const path of stories.data) {
    const story = await parse(path, Story);
    if (story) onDisk.set(story.id, story);
  }
  for (const path of index.data) await parse(path, IndexShard);
  for (const group of history) for (const path of group.data) await parse(path, RevisionSnapshot);

  for (const [id, ack] of acks) {
    const story = onDisk.get(id);
    if (!story) {
      problems.push(`story ${id} (acknowledged at revision ${ack.revision}) is missing`);
      continue;
    }
    if (story.revision < ack.revision) {
      problems.push(`story ${id} is at revision ${story.revision}, but revision ${ack.revision} was acknowledged`);
    }
    if (story.revision === ack.revision && sha(story.headline) !== ack.sha) {
      problems.push(`story ${id} revision ${ack.revision} does not hold the acknowledged headline`);
    }
  }
  for (const story of onDisk.values()) {
    // Headline and body both name the revision they were written with: a mix would not agree.
    const last = story.body.content?.at(-1)?.content?.[0]?.text ?? '';
    if (!story.headline.endsWith(` #${story.revision}`) && story.revision > 1) {
      problems.push(`story ${story.id} revision ${story.revision} has headline "${story.headline}"`);
    }
    if (story.revision > 1 && !last.startsWith(`revision ${story.revision}:`)) {
      problems.push(`story ${story.id} revision ${story.revision} ends with "${last.slice(0, 40)}"`);
    }
  }
  if (problems.length > 0) throw new Error(`the killed writer left a damaged library:\n${problems.join('\n')}`);
  return { temps };
}

export async function runKillTest(options: KillRunOptions): Promise<KillRunResult> {
  const { root, iterations, minDelayMs = 10, maxDelayMs = 200, random = Math.random } = options;
  const started = performance.now();
  const acks = new Map<string, Ack>();
  let acknowledged = 0;
  let killedDuringOpen = 0;
  let tempFilesSeen = 0;
  for (let i = 0; i < iterations; i++) {
    // One kill in five counts from the start of the process: it lands during start-up or
    // while the library is being opened (and perhaps repaired).
    const fromSpawn = i % 5 === 4;
    const delay = (fromSpawn ? 300 : 0) + minDelayMs + random() * (maxDelayMs - minDelayMs);
    const run = await runOnce(root, delay, fromSpawn, acks);
    acknowledged += run.acknowledged;
    if (!run.ready) killedDuringOpen++;
    tempFilesSeen += (await checkLibrary(root, acks)).temps;
  }
  // Opening repairs what a kill can leave (a stale index shard, temporary files) and then
  // lists every acknowledged story at its revision or later.
  const { library } = await Library.open(root);
  const listed = new Map(library.listStories().map((s) => [s.id, s]));
  for (const [id, ack] of acks) {
    const summary = listed.get(id);
    if (!summary || summary.revision < ack.revision) {
      throw new Error(`after reopening, story ${id} is listed at ${summary?.revision} < acknowledged ${ack.revision}`);
    }
  }
  const leftover =
    (await jsonFiles(join(root, 'stories'))).temps.length + (await jsonFiles(join(root, 'index'))).temps.length;
  if (leftover > 0) throw new Error(`${leftover} temporary files were not cleaned at open`);
  return { iterations, acknowledged, killedDuringOpen, tempFilesSeen, durationMs: performance.now() - started };
}
