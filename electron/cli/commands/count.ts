import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { StoryLanguage, type StoryBody } from '../../../shared/model';
import { type StoryCounts, countStory, countText } from '../../../shared/text/count';
import { describeIoError } from '../../rpc/errors';
import { decodeText } from '../../import/import';
import { type Command, openLibrary, usageError } from './common';

/** A text file as a story body: one paragraph per non-empty line. */
const textBody = (text: string): StoryBody => ({
  type: 'doc',
  content: text
    .split(/\r\n|\r|\n|\u2028|\u2029/u)
    .filter((line) => line.trim() !== '')
    .map((line) => ({ type: 'paragraph', content: [{ type: 'text', text: line }] })),
});

const ROWS: [keyof StoryCounts, string][] = [
  ['characters', 'characters'],
  ['han', 'Han characters'],
  ['punctuation', 'punctuation'],
  ['words', 'English words'],
  ['paragraphs', 'paragraphs'],
];

/** `masthead count`: the counts the editor shows, for a text file or a story of a library. */
export const countCommand: Command = {
  name: 'count',
  usage: `  count FILE|--story ID [--library DIR] [--language zh-Hans|en] [--json]
                  count characters, Han characters, punctuation, English words, paragraphs and
                  reading time of a text file (one paragraph a line) or of a story's body`,
  run: async (args, io, defaultLibrary) => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        story: { type: 'string' },
        library: { type: 'string' },
        language: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    });
    if (positionals.length > 1) throw usageError('count takes one FILE');
    if ((positionals.length === 1) === (values.story !== undefined)) {
      throw usageError('count needs either a FILE or --story ID');
    }
    const language = values.language === undefined ? null : StoryLanguage.safeParse(values.language);
    if (language && !language.success)
      throw usageError(`--language must be one of ${StoryLanguage.options.join(', ')}`);

    let source: Record<string, string>;
    let body: StoryBody;
    let lang: StoryLanguage;
    if (values.story !== undefined) {
      const { root, library } = await openLibrary(values.library, defaultLibrary);
      const story = await library.getStory(values.story);
      source = { library: root, story: story.id, headline: story.headline };
      body = story.body;
      lang = language?.data ?? story.language;
    } else {
      const file = resolve(positionals[0]!);
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (error) {
        throw describeIoError(error, `read ${file}`);
      }
      const { text } = decodeText(bytes);
      source = { file };
      body = textBody(text);
      // A file says nothing of its language: the one its letters are mostly in.
      const rough = countText(text);
      lang = language?.data ?? (rough.han >= rough.words ? 'zh-Hans' : 'en');
    }
    const counts = countStory(body, lang);
    if (values.json) {
      io.out(JSON.stringify({ ...source, language: lang, counts }, null, 2));
      return 0;
    }
    const label = source.file ?? `${source.story}  ${source.headline || '—'}`;
    const lines = [
      label,
      `  ${'language'.padEnd(15)} ${lang}`,
      ...ROWS.map(([key, name]) => `  ${name.padEnd(15)} ${counts[key].toLocaleString('en')}`),
      `  ${'reading time'.padEnd(15)} ${counts.readingMinutes} min`,
    ];
    io.out(lines.join('\n'));
    return 0;
  },
};
