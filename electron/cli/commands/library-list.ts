import { parseArgs } from 'node:util';
import type { StorySummary } from '../../../shared/model';
import { type Command, openLibrary, pad } from './common';

function storyTable(stories: StorySummary[]): string {
  const header = `${pad('UPDATED', 17)}  ${pad('STATUS', 9)}  ${pad('SECTION', 10)}  ${pad('LENGTH', 10)}  HEADLINE`;
  const rows = stories.map((s) => {
    const length = s.language === 'en' ? `${s.wordCount} words` : `${s.charCount} 字`;
    const when = new Date(s.updatedAt).toISOString().slice(0, 16).replace('T', ' ');
    return `${pad(when, 17)}  ${pad(s.status, 9)}  ${pad(s.section, 10)}  ${pad(length, 10)}  ${s.headline || '—'}`;
  });
  return [header, ...rows, `${stories.length} ${stories.length === 1 ? 'story' : 'stories'}`].join('\n');
}

/** `masthead library list`: the stories of a library, most recently changed first. */
export const libraryListCommand: Command = {
  name: 'library list',
  usage: `  library list [--library DIR] [--json]
                  list the stories in a library, most recently changed first`,
  run: async (args, io, defaultLibrary) => {
    const { values } = parseArgs({
      args,
      options: { library: { type: 'string' }, json: { type: 'boolean', default: false } },
      strict: true,
    });
    const { root, library } = await openLibrary(values.library, defaultLibrary);
    const stories = library.listStories();
    io.out(values.json ? JSON.stringify({ library: root, stories }, null, 2) : storyTable(stories));
    return 0;
  },
};
