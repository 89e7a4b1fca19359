import { SCHEMA_VERSION, type Story, type StoryBody } from '../../shared/model';
import { countText } from '../../shared/text/count';

/**
 * Deterministic generated stories of realistic length: Chinese stories of about 600–1,200
 * characters, English ones of about 350–700 words, as on a daily's news pages.
 */
const HAN =
  '记者从市政府获悉今年上半年全市经济运行总体平稳城市更新项目加快推进新建学校医院和公园陆续投入使用市民出行更加便利港口吞吐量同比增长科技企业数量持续增加';
const WORDS =
  'the council said on tuesday that work on the harbour bridge would begin in september and that ferries would run every ten minutes while traders on the north bank warned of lost business'.split(
    ' ',
  );

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function generateStories(count: number, seed = 42): Story[] {
  const random = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const han = (n: number) => Array.from({ length: n }, () => HAN[int(0, HAN.length - 1)]).join('');
  const words = (n: number) => Array.from({ length: n }, () => WORDS[int(0, WORDS.length - 1)]).join(' ');
  const base = Date.parse('2026-07-01T00:00:00Z');
  return Array.from({ length: count }, (_, i): Story => {
    const zh = i % 3 !== 2;
    const paragraphs = Array.from({ length: int(4, 9) }, () =>
      zh ? `${han(int(80, 160))}。` : `${words(int(50, 90))}.`,
    );
    const when = new Date(base + i * 60_000).toISOString();
    return {
      schemaVersion: SCHEMA_VERSION,
      id: `bench-${i.toString().padStart(6, '0')}`,
      slug: zh ? `稿件${i}` : `story-${i}`,
      section: zh ? ['要闻', '经济', '国际', '社会'][i % 4]! : ['City', 'World', 'Business'][i % 3]!,
      status: 'draft',
      kicker: zh ? han(8) : '',
      headline: zh ? han(int(10, 18)) : words(int(6, 11)),
      subheadline: zh && i % 2 ? han(12) : '',
      byline: zh ? `本报记者 ${han(3)}` : 'By Maria Alvarez',
      dateline: zh ? '本报讯' : 'PORT HADLEY —',
      body: {
        type: 'doc',
        content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
      },
      tags: [],
      targetLength: null,
      notes: '',
      language: zh ? 'zh-Hans' : 'en',
      createdAt: when,
      updatedAt: when,
      revision: 1,
      fit: null,
      createdBy: 'bench',
      updatedBy: 'bench',
      statusHistory: [],
    };
  });
}

/** A Chinese story body of paragraphs of about 150 字 with Chinese punctuation, until it holds `characters`. */
export function chineseStoryBody(characters: number): StoryBody {
  const content: NonNullable<StoryBody['content']> = [];
  let total = 0;
  for (let i = 0; total < characters; i++) {
    const start = (i * 17) % HAN.length;
    const run = (HAN + HAN + HAN).slice(start, start + 140);
    const text = `${run.slice(0, 60)}，${run.slice(60, 100)}“${run.slice(100, 120)}”，${run.slice(120)}。`;
    content.push({ type: 'paragraph', content: [{ type: 'text', text }] });
    total += countText(text).characters;
  }
  return { type: 'doc', content };
}
