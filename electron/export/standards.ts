import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The official schemas (ninjs JSON Schemas, the NewsML-G2 XSD) that exports are validated
 * against. They are never copied into the repository: the packaged app ships them as an
 * extra resource (electron-builder.yml), and a checkout finds them beside the repository.
 */

export interface StandardsLocation {
  /** The folder, or null when none of the candidates holds the schemas. */
  dir: string | null;
  /** Every place looked, in order, for the message when nothing was found. */
  searched: string[];
}

/** A file every standards folder has: a candidate without it is not one. */
const MARKER = join('ninjs', 'ninjs-schema_3.1.json');

/** The repository (or unpacked app) root: the nearest folder above this file with a package.json. */
function projectRootFrom(start: string): string | null {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

export function locateStandards(env: NodeJS.ProcessEnv = process.env): StandardsLocation {
  const candidates: string[] = [];
  if (env.MASTHEAD_STANDARDS_DIR) candidates.push(resolve(env.MASTHEAD_STANDARDS_DIR));
  // Electron sets process.resourcesPath; plain Node (CLI, tests) has none.
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) candidates.push(join(resourcesPath, 'standards'));
  const root = projectRootFrom(import.meta.dirname);
  if (root) candidates.push(resolve(root, '..', 'shared', 'standards'));
  const dir = candidates.find((c) => existsSync(join(c, MARKER))) ?? null;
  return { dir, searched: candidates };
}

export class StandardsNotFoundError extends Error {
  constructor(readonly searched: string[]) {
    super(
      `The schema files for validating exports were not found. Looked in: ${
        searched.length ? searched.join(', ') : '(nowhere: no candidate folder)'
      }. Set MASTHEAD_STANDARDS_DIR to the folder that holds ninjs/ and newsml-g2/.`,
    );
    this.name = 'StandardsNotFoundError';
  }
}

/** The standards folder, or a StandardsNotFoundError naming every place looked. */
export function standardsDir(env: NodeJS.ProcessEnv = process.env): string {
  const found = locateStandards(env);
  if (!found.dir) throw new StandardsNotFoundError(found.searched);
  return found.dir;
}
