import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analysedText, suggestTags } from '../../shared/text/suggest-tags';
import { segmentWords } from '../../electron/text/word-segmenter';
import { suggestStoryTags } from '../../electron/text/tag-suggestions';
import { type BenchOptions, type Figure, median, round } from './figures';

/**
 * Tag suggestions (electron/text): jieba's first load, a suggestion pass over a story's
 * analysed 12,000 characters, and the memory the dictionary takes. Baselines: the pause in
 * typing the story view already waits before asking (700 ms), cutting and tagging in two passes
 * (the same words), and the process's memory before jieba was loaded.
 */
const samples = join(import.meta.dirname, '..', '..', '..', 'shared', 'samples');
const SUGGEST_DELAY_MS = 700;

function chineseStory(chars: number): string {
  const pages = ['zh-page.txt', 'zh-page-3.txt'].map((f) => readFileSync(join(samples, f), 'utf8')).join('\n\n');
  let text = '';
  // Numbered, so no two copies are the same text (the last-answer cache must not help).
  for (let i = 1; text.length < chars; i++) text += `${pages}\n第${i}部分\n`;
  return text.slice(0, chars);
}

const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);

export async function tagsBench(_options: BenchOptions): Promise<Figure[]> {
  const story = chineseStory(12_000);
  global.gc?.();
  const before = process.memoryUsage().rss;
  let start = performance.now();
  await suggestStoryTags({ text: story, language: 'zh-Hans' }, []);
  const first = performance.now() - start;
  const loaded = process.memoryUsage().rss;

  const jieba = await import('jieba-wasm');
  const passes: number[] = [];
  const segmenting: number[] = [];
  const twoPasses: number[] = [];
  for (let i = 0; i < 9; i++) {
    const text = `${story.slice(0, 11_990)}${i}`;
    start = performance.now();
    const words = await segmentWords(analysedText(text));
    segmenting.push(performance.now() - start);
    suggestTags(text, 'zh-Hans', { words, limit: 40 });
    passes.push(performance.now() - start);
    start = performance.now();
    jieba.cut(text, true);
    jieba.tag(text, false);
    twoPasses.push(performance.now() - start);
  }
  return [
    {
      name: 'first Chinese tag suggestion (loads jieba) for a 12,000-char story',
      value: round(first),
      unit: 'ms',
      baseline: 'the pause in typing the story view waits before asking',
      baselineValue: SUGGEST_DELAY_MS,
    },
    {
      name: 'tag suggestions for a 12,000-char story, jieba loaded (median of 9)',
      value: round(median(passes)),
      unit: 'ms',
      baseline: 'the pause in typing the story view waits before asking',
      baselineValue: SUGGEST_DELAY_MS,
    },
    {
      name: 'segment 12,000 chars with parts of speech (median of 9)',
      value: round(median(segmenting)),
      unit: 'ms',
      baseline: 'cut with HMM, then tag without (same words)',
      baselineValue: round(median(twoPasses)),
    },
    {
      name: 'resident memory after jieba loaded',
      value: mb(loaded),
      unit: 'MB',
      baseline: 'the process before it was loaded',
      baselineValue: mb(before),
    },
  ];
}
