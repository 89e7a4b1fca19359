import { parseArgs } from 'node:util';
import { StorySearch } from '../../search/search';
import { type Command, openLibrary, pad, usageError } from './common';

/** `masthead search`: the stories matching a query, best first, as the app's search finds them. */
export const searchCommand: Command = {
  name: 'search',
  usage: `  search QUERY [--library DIR] [--limit N] [--json]
                  find stories (Chinese and English; headline matches first) and print id,
                  headline and score, best first (20 unless --limit)`,
  run: async (args, io, defaultLibrary) => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        library: { type: 'string' },
        limit: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    });
    const query = positionals.join(' ').trim();
    if (!query) throw usageError('search needs a QUERY');
    const limit = values.limit === undefined ? 20 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
      throw usageError(`--limit must be a whole number from 1 to 10000, not ${values.limit}`);

    const { root, library } = await openLibrary(values.library, defaultLibrary);
    const search = new StorySearch(library);
    try {
      await search.whenReady();
      const result = await search.search(query, { limit });
      if (values.json) {
        const hits = result.hits.map(({ id, headline, score, section, status, language, snippet }) => ({
          id,
          headline,
          score,
          section,
          status,
          language,
          snippet,
        }));
        io.out(JSON.stringify({ library: root, query, matched: result.matched, hits }, null, 2));
        return 0;
      }
      const idWidth = Math.max(2, ...result.hits.map((h) => h.id.length));
      const rows = result.hits.map(
        (h) => `${pad(h.id, idWidth)}  ${h.score.toFixed(2).padStart(8)}  ${h.headline || '—'}`,
      );
      const summary =
        result.matched === 0
          ? `no stories match “${query}”`
          : `${result.matched} ${result.matched === 1 ? 'story matches' : 'stories match'}` +
            (result.matched > result.hits.length ? `, the first ${result.hits.length} shown` : '');
      io.out(
        [...(rows.length ? [`${pad('ID', idWidth)}  ${'SCORE'.padStart(8)}  HEADLINE`, ...rows] : []), summary].join(
          '\n',
        ),
      );
      return 0;
    } finally {
      search.dispose();
    }
  },
};
