import { spawn } from 'node:child_process';
import { cp, mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BACKUP_DIR, createBackup } from '../../electron/store/backup';
import { Library } from '../../electron/store/library';
import { describeRecovery } from '../../electron/store/recovery';
import { repoRoot } from './temp';

/**
 * The restore kill test: a restore (restore-kill-child.ts) is killed with SIGKILL at a chosen
 * step of its folder swap, or at a random moment, again and again, each time on a fresh copy
 * of the same library. The next open must leave the library wholly as it was or wholly the
 * backup's (stories, index, editions, library.json all from one side), with no leftover
 * folders, and say which when it finished or undid a swap.
 */
export interface RestoreKillOptions {
  dir: string;
  iterations: number;
  random?: () => number;
}

export interface RestoreKillResult {
  iterations: number;
  /** Libraries found wholly as they were, and wholly the backup's, after the kill and reopen. */
  old: number;
  restored: number;
  /** Kills that landed between two renames of the swap. */
  midSwap: number;
  durationMs: number;
}

const childScript = join(repoRoot, 'tests/helpers/restore-kill-child.ts');

/** What identifies one side: the library's id and the sorted headlines and edition ids. */
interface Side {
  id: string;
  headlines: string;
  editions: string;
}

async function sideOf(root: string): Promise<Side> {
  const { library, recovery } = await Library.open(root, { mustExist: true });
  const manifest = JSON.parse(await readFile(join(root, 'library.json'), 'utf8')) as { id: string };
  const onDisk = (await readdir(join(root, 'stories'))).filter((n) => n.endsWith('.json')).length;
  if (onDisk !== library.storyCount) throw new Error(`${onDisk} story files but ${library.storyCount} listed`);
  const side = {
    id: manifest.id,
    headlines: library
      .listStories()
      .map((s) => s.headline)
      .sort()
      .join('|'),
    editions: (await library.listEditions())
      .map((e) => e.id)
      .sort()
      .join('|'),
  };
  if (recovery.quarantined.length || recovery.lost.length) {
    throw new Error(`the reopened library needed repair: ${describeRecovery(recovery)}`);
  }
  return side;
}

async function makeLibrary(root: string, label: string): Promise<void> {
  const { library } = await Library.open(root);
  for (let i = 0; i < 4; i++) {
    const story = await library.createStory({ language: 'en', headline: `${label} story ${i}` });
    await library.saveStory({
      id: story.id,
      baseRevision: story.revision,
      changes: { body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: label }] }] } },
    });
  }
  await library.createEdition({
    publication: `${label} Gazette`,
    date: '2026-07-23',
    issueNumber: 1,
    pageCount: 2,
    sections: ['A', 'B'],
    templateId: 'en-tabloid',
  });
}

function runChild(root: string, zip: string, stopAt: number, killAfterMs: number | null) {
  return new Promise<{ killed: boolean; steps: string[] }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, root, zip, String(stopAt)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = killAfterMs === null ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const steps = out.split('\n').filter((l) => l.startsWith('step '));
      if (signal === 'SIGKILL') resolve({ killed: true, steps });
      else if (code === 0 && out.includes('restored')) resolve({ killed: false, steps });
      else reject(new Error(`the restore failed by itself (code ${code}):\n${err}`));
    });
  });
}

export async function runRestoreKillTest(options: RestoreKillOptions): Promise<RestoreKillResult> {
  const { dir, iterations, random = Math.random } = options;
  const started = performance.now();
  const before = join(dir, 'before');
  const source = join(dir, 'source');
  await makeLibrary(before, 'Before');
  await makeLibrary(source, 'Backup');
  const made = await createBackup(source, { appVersion: 'kill-test' });
  const zip = join(dir, 'backup.zip');
  await cp(join(source, BACKUP_DIR, made.name), zip);
  const oldSide = await sideOf(before);
  const newSide = await sideOf(source);
  // The steps of an uninterrupted restore: unpacked, journal, a rename out and in per item, done.
  const stepCount = 2 + 2 * 7 + 1;
  const result: RestoreKillResult = { iterations, old: 0, restored: 0, midSwap: 0, durationMs: 0 };
  for (let i = 0; i < iterations; i++) {
    const root = join(dir, `run-${i}`);
    await mkdir(root);
    await cp(before, root, { recursive: true });
    // Most kills land on a step of the swap; one in five at a random moment (checking the
    // zip, making the safety backup, unpacking, or between steps).
    const timed = i % 5 === 4;
    const stopAt = timed ? 0 : 1 + Math.floor(random() * stepCount);
    const run = await runChild(root, zip, stopAt, timed ? 300 + random() * 1500 : null);
    if (run.killed && run.steps.length >= 2 && !run.steps.at(-1)!.endsWith('done')) result.midSwap++;
    const side = await sideOf(root).catch((error: unknown) => {
      throw new Error(`run ${i} (stopped at step ${stopAt}, after ${run.steps.at(-1) ?? 'no step'}): ${error}`);
    });
    const leftovers = (await readdir(root)).filter((n) => n.startsWith('.restore-'));
    if (leftovers.length) throw new Error(`run ${i}: leftovers after reopening: ${leftovers.join(', ')}`);
    const same = (a: Side, b: Side) => a.id === b.id && a.headlines === b.headlines && a.editions === b.editions;
    if (same(side, oldSide)) result.old++;
    else if (same(side, newSide)) result.restored++;
    else {
      throw new Error(
        `run ${i} (stopped after ${run.steps.at(-1) ?? 'no step'}) left a mixed library:\n` +
          `found ${JSON.stringify(side)}\nbefore ${JSON.stringify(oldSide)}\nbackup ${JSON.stringify(newSide)}`,
      );
    }
    await rm(root, { recursive: true, force: true });
  }
  result.durationMs = performance.now() - started;
  return result;
}
