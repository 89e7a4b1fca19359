import { parseArgs } from 'node:util';
import type { StoryRow, StorySummary } from '../../../shared/model';
import { type Command, openLibrary, pad } from './common';

const NEWER_NOTE = 'written by a newer Masthead; update to open it';

function storyTable(stories: StorySummary[], newer: StoryRow[]): string {
  const header = `${pad('UPDATED', 17)}  ${pad('STATUS', 9)}  ${pad('SECTION', 10)}  ${pad('LENGTH', 10)}  HEADLINE`;
  const rows = stories.map((s) => {
    const length = s.language === 'en' ? `${s.wordCount} words` : `${s.charCount} 字`;
    const when = new Date(s.updatedAt).toISOString().slice(0, 16).replace('T', ' ');
    return `${pad(when, 17)}  ${pad(s.status, 9)}  ${pad(s.section, 10)}  ${pad(length, 10)}  ${s.headline || '—'}`;
  });
  // Files a newer Masthead wrote are listed (and counted) so none is silently missing.
  const unreadable = newer.map(
    (s) =>
      `${pad('?', 17)}  ${pad('unreadable', 9)}  ${pad(s.section, 10)}  ${pad('', 10)}  ${s.headline || s.id} (${NEWER_NOTE})`,
  );
  const count = stories.length + newer.length;
  const total = `${count} ${count === 1 ? 'story' : 'stories'}${newer.length ? ` (${newer.length} ${NEWER_NOTE})` : ''}`;
  return [header, ...rows, ...unreadable, total].join('\n');
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
    const unreadable = library.newerStoryRows.map((row) => ({ ...row, note: NEWER_NOTE }));
    io.out(
      values.json
        ? JSON.stringify({ library: root, stories, unreadable }, null, 2)
        : storyTable(stories, library.newerStoryRows),
    );
    return 0;
  },
};
