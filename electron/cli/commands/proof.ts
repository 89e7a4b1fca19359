import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { StoryBody } from '../../../shared/model';
import type { StoryProofing } from '../../../shared/proofing/schema';
import { countText } from '../../../shared/text/count';
import { decodeText } from '../../import/import';
import { proofEdition, proofStories } from '../../proofing/handlers';
import { ProofingService } from '../../proofing/proofing-service';
import { ServiceError, describeIoError } from '../../rpc/errors';
import type { Library } from '../../store/library';
import { type CliIo, type Command, openLibrary, usageError } from './common';

const textBody = (text: string): StoryBody => ({
  type: 'doc',
  content: text
    .split(/\r\n|\r|\n|\u2028|\u2029/u)
    .filter((line) => line.trim() !== '')
    .map((line) => ({ type: 'paragraph', content: [{ type: 'text', text: line }] })),
});

function printStory(io: CliIo, story: StoryProofing): void {
  const s = story.summary;
  io.out(
    `${story.headline || story.id}  (${s.findings} findings: ${s.typo} typo, ${s.style} style, ${s.sensitive} sensitive; ${s.errorRate} per 10,000 characters)`,
  );
  for (const f of story.findings) {
    const where = f.field === 'body' ? `body ¶${f.block + 1}` : f.field;
    const suggestion = f.suggestion === null ? '' : ` → ${JSON.stringify(f.suggestion)}`;
    io.out(
      `  ${f.blocking ? 'BLOCKING' : f.kind.padEnd(8)}  ${where}:${f.start}  ${JSON.stringify(f.text)}${suggestion}  [${f.rule}] ${f.message}`,
    );
  }
}

/** An edition by id, or the newest by date. */
async function editionId(library: Library, idOrDate: string): Promise<string> {
  const editions = await library.listEditions();
  const found =
    editions.find((e) => e.id === idOrDate) ??
    editions.filter((e) => e.date === idOrDate).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  if (!found)
    throw new ServiceError('not-found', `There is no edition with the id or date ${idOrDate} in this library.`);
  return found.id;
}

/** `masthead proof`: proofing findings of a text file, a story or an edition; exit 1 when one blocks. */
export const proofCommand: Command = {
  name: 'proof',
  usage: `  proof FILE|--story ID|--edition DATE|ID [--library DIR] [--language zh-Hans|en] [--json]
                  proofread (校对) with the library's house lists: typos and sensitive wording
                  in Chinese, spelling and house style in English; prints field, offset, text,
                  suggestion, rule and kind; exits 1 when banned wording remains`,
  run: async (args, io, defaultLibrary) => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        story: { type: 'string' },
        edition: { type: 'string' },
        library: { type: 'string' },
        language: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    });
    const sources = [positionals.length > 0, values.story !== undefined, values.edition !== undefined].filter(Boolean);
    if (positionals.length > 1) throw usageError('proof takes one FILE');
    if (sources.length !== 1) throw usageError('proof needs one of FILE, --story ID or --edition DATE|ID');
    if (values.language !== undefined && !['zh-Hans', 'en'].includes(values.language))
      throw usageError('--language must be zh-Hans or en');

    let stories: StoryProofing[];
    let header: Record<string, unknown>;
    if (positionals.length === 1) {
      const file = resolve(positionals[0]!);
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (error) {
        throw describeIoError(error, `read ${file}`);
      }
      const { text } = decodeText(bytes);
      const rough = countText(text);
      const language = (values.language ?? (rough.han >= rough.words ? 'zh-Hans' : 'en')) as 'zh-Hans' | 'en';
      // A file outside a library is proofed with the shipped lists, or a library's when one is named.
      const service = values.library
        ? new ProofingService((await openLibrary(values.library, defaultLibrary)).root)
        : new ProofingService(null);
      const { findings, summary } = await service.proofStory({
        language,
        kicker: '',
        headline: '',
        subheadline: '',
        byline: '',
        dateline: '',
        body: textBody(text),
      });
      stories = [{ id: '00000000-0000-4000-8000-000000000000', headline: file, language, findings, summary }];
      header = { file, language };
    } else {
      const { root, library } = await openLibrary(values.library, defaultLibrary);
      const service = new ProofingService(root);
      if (values.story !== undefined) {
        const story = await library.getStory(values.story);
        stories = await proofStories(service, [story], (s) => s.updatedAt.slice(0, 10));
        header = { library: root, story: story.id };
      } else {
        const result = await proofEdition(service, library, await editionId(library, values.edition!));
        stories = result.stories;
        header = { library: root, edition: result.editionId, date: result.date, summary: result.summary };
      }
    }
    const blocking = stories.reduce((n, s) => n + s.summary.blocking, 0);
    if (values.json) {
      io.out(JSON.stringify({ ...header, blocking, stories }, null, 2));
    } else {
      for (const story of stories) printStory(io, story);
      io.out(
        blocking
          ? `${blocking} banned ${blocking === 1 ? 'term blocks' : 'terms block'} export.`
          : 'Nothing blocks export.',
      );
    }
    return blocking ? 1 : 0;
  },
};
