import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const sampleLibrary = join(repoRoot, 'resources', 'sample-library');

/** A fresh real folder per test; removed by the returned cleanup. */
export async function tempDir(prefix = 'masthead-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface FileState {
  size: number;
  mtimeMs: number;
  content: string;
}

/** Every file under `root` with its size, mtime and content, keyed by relative path. */
export async function snapshot(root: string): Promise<Map<string, FileState>> {
  const out = new Map<string, FileState>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else {
        const info = await stat(path);
        out.set(relative(root, path), {
          size: info.size,
          mtimeMs: info.mtimeMs,
          content: await readFile(path, 'utf8'),
        });
      }
    }
  };
  await walk(root);
  return out;
}

/** Paths whose content or mtime differ between two snapshots, plus added and removed ones. */
export function changedFiles(before: Map<string, FileState>, after: Map<string, FileState>): string[] {
  const changed = new Set<string>();
  for (const [path, state] of after) {
    const old = before.get(path);
    if (!old || old.content !== state.content || old.mtimeMs !== state.mtimeMs) changed.add(path);
  }
  for (const path of before.keys()) if (!after.has(path)) changed.add(path);
  return [...changed].sort();
}
