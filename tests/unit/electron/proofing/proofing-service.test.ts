import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Handlers, dispatch } from '../../../../electron/rpc/dispatch';
import { runMasthead } from '../../../helpers/cli';
import { tempDir } from '../../../helpers/temp';
import { makeWorkspace } from '../rpc/workspace-fixture';

let dir: string;
let cleanup: () => Promise<void>;
let handlers: Handlers;
const quiet = () => undefined;
const call = async (method: string, input?: unknown) => {
  const reply = await dispatch(handlers, method, input, quiet);
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.value as never;
};

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  handlers = (await makeWorkspace(dir)).handlers();
});
afterEach(() => cleanup());

const library = () => join(dir, 'library');

async function zhStory(body: string): Promise<string> {
  const story = (await call('createStory', { language: 'zh-Hans', headline: '稿件' })) as {
    id: string;
    revision: number;
  };
  await call('saveStory', {
    id: story.id,
    baseRevision: story.revision,
    changes: { body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: body }] }] } },
  });
  return story.id;
}

describe('proofing service', () => {
  it('keeps house lists as plain text in the library and proofs with them', async () => {
    const id = await zhStory('市长陈立新主持会议，各单位要再接再励。');
    const saved = (await call('saveProofingList', { list: 'names', text: '陈立新|市委书记' })) as { names: string };
    expect(saved.names).toBe('陈立新|市委书记\n');
    expect(await readFile(join(library(), 'proofing', 'names.txt'), 'utf8')).toBe('陈立新|市委书记\n');

    const proofed = (await call('getStoryProofing', { id })) as {
      findings: { rule: string; text: string; suggestion: string }[];
      summary: { findings: number; errorRate: number };
    };
    expect(proofed.findings.map((f) => `${f.rule}:${f.text}→${f.suggestion}`)).toEqual([
      'name-title:市长陈立新→市委书记陈立新',
      'zh-confusion:再接再励→再接再厉',
    ]);
    expect(proofed.summary.errorRate).toBeGreaterThan(0);

    // "Ignore in this story" is remembered in the library, per story.
    await call('setProofingIgnored', { storyId: id, key: 'zh-confusion:再接再励', ignored: true });
    const again = (await call('getStoryProofing', { id })) as { findings: unknown[] };
    expect(again.findings).toHaveLength(1);
  });

  it('refuses a list with a line it cannot read, naming the line, and writes nothing', async () => {
    const reply = await dispatch(
      handlers,
      'saveProofingList',
      { list: 'sensitive', text: '!北棒→朝鲜|说明\n这一行没有箭头' },
      quiet,
    );
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error.message).toMatch(/line 2/);
    await expect(readFile(join(library(), 'proofing', 'sensitive.txt'), 'utf8')).rejects.toThrow();
  });

  it('adds a word to the house dictionary from the card', async () => {
    const lists = (await call('addProofingEntry', { list: 'dictionary', entry: 'Whitfield' })) as {
      dictionary: string;
    };
    expect(lists.dictionary).toBe('Whitfield\n');
  });
});

describe('masthead proof', () => {
  it('prints findings of a story and exits 1 while banned wording remains', async () => {
    const id = await zhStory('北朝鲜代表团到访，部份项目开工。');
    const result = await runMasthead('proof', '--story', id, '--library', library(), '--json');
    expect(result.code).toBe(1);
    const parsed = JSON.parse(result.out) as {
      blocking: number;
      stories: {
        findings: { field: string; start: number; text: string; suggestion: string; rule: string; kind: string }[];
      }[];
    };
    expect(parsed.blocking).toBe(1);
    expect(parsed.stories[0]!.findings).toEqual([
      expect.objectContaining({
        field: 'body',
        start: 0,
        text: '北朝鲜',
        suggestion: '朝鲜',
        rule: 'sensitive',
        kind: 'sensitive',
      }),
      expect.objectContaining({ field: 'body', text: '部份', suggestion: '部分', rule: 'zh-confusion', kind: 'typo' }),
    ]);
  });

  it('proofs a text file with the shipped lists and exits 0 when nothing blocks', async () => {
    const file = join(dir, 'copy.txt');
    await writeFile(file, 'The council voted to recieve the the bids.\n');
    const result = await runMasthead('proof', file);
    expect(result.code).toBe(0);
    expect(result.out).toContain('"recieve" → "receive"');
    expect(result.out).toContain('[en-repeated]');
  });

  it('proofs an edition of the library against its date', async () => {
    await makeWorkspace(dir);
    const result = await runMasthead('proof', '--edition', '2026-07-23', '--library', library(), '--json');
    const parsed = JSON.parse(result.out) as { date: string; stories: unknown[] };
    expect(parsed.date).toBe('2026-07-23');
    expect(parsed.stories.length).toBeGreaterThan(0);
  });
});
