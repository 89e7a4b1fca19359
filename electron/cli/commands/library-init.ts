import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ServiceError } from '../../rpc/errors';
import { Library } from '../../store/library';
import { projectRoot, sampleLibraryDir } from '../../store/paths';
import { lockForCommand } from './backup';
import type { Command } from './common';

/** The sample library, from the source tree (electron/cli/commands) or the built CLI (out/cli). */
const sampleLibrary = (): string => {
  const fromSource = sampleLibraryDir(projectRoot(import.meta.dirname, 3));
  return existsSync(fromSource) ? fromSource : sampleLibraryDir(projectRoot(import.meta.dirname, 2));
};

/**
 * `masthead library init`: the one command that makes a library. Every other command refuses
 * a folder that is not one, so a typo in --library never leaves a stray library behind.
 */
export const libraryInitCommand: Command = {
  name: 'library init',
  usage: `  library init [--library DIR] [--sample] [--json]
                  make a new, empty library in DIR (a new or empty folder); with --sample
                  it starts with the sample stories and edition`,
  run: async (args, io, defaultLibrary) => {
    const { values } = parseArgs({
      args,
      options: {
        library: { type: 'string' },
        sample: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    });
    const root = resolve(values.library ?? defaultLibrary);
    if (existsSync(join(root, 'library.json'))) {
      throw new ServiceError('invalid-input', `There is already a Masthead library in ${root}: nothing was changed.`);
    }
    const others = existsSync(root) ? (await readdir(root)).filter((name) => !name.startsWith('.')) : [];
    if (others.length > 0) {
      throw new ServiceError(
        'invalid-input',
        `${root} holds other files (${others.slice(0, 3).join(', ')}${others.length > 3 ? ', …' : ''}): a library goes in a new or empty folder. Nothing was changed.`,
      );
    }
    await mkdir(root, { recursive: true });
    const lock = await lockForCommand(root);
    try {
      const seedFrom = values.sample ? sampleLibrary() : undefined;
      if (seedFrom && !existsSync(seedFrom)) {
        throw new ServiceError('not-found', `The sample library is missing from this installation (${seedFrom}).`);
      }
      const { library } = await Library.open(root, { seedFrom });
      const stories = library.listStories().length;
      const editions = (await library.listEditions()).length;
      if (values.json) io.out(JSON.stringify({ library: root, stories, editions }, null, 2));
      else
        io.out(
          `Made a new library in ${root}${values.sample ? ` with ${stories} sample stories and ${editions} edition` : ''}.`,
        );
      return 0;
    } finally {
      await lock?.release();
    }
  },
};
