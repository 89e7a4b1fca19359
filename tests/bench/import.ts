import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import mammoth from 'mammoth';
import { parseImportFile } from '../../electron/import/import';
import { importTextPage } from '../../shared/import/text-page';
import { type Figure, median, round } from './figures';

/**
 * Import: an 11,000-character page of text, 5 MB of text without a sentence mark, and a batch of 200 Word files, through the real
 * parsers. Baselines in the same run: for the page, splitting it into paragraphs at blank
 * lines (what a plain paste gives); for Word, mammoth's raw text extraction (no structure).
 */

const samples = join(import.meta.dirname, '..', '..', '..', 'shared', 'samples');

/** About 11,000 characters: the two Chinese sample pages in turn, as a front page and the next run together. */
async function elevenThousandCharacterPage(): Promise<string> {
  const pages = await Promise.all(['zh-page.txt', 'zh-page-3.txt'].map((f) => readFile(join(samples, f), 'utf8')));
  const chars = (s: string) => s.replace(/\s/g, '').length;
  const copies: string[] = [];
  while (chars(copies.join('')) < 11_000) copies.push(pages[copies.length % 2]!);
  return copies.join('\n\n\n');
}

/**
 * 5 MB with no sentence mark at all, in 13-character column lines with a blank line between
 * each: every line could be a head or a fragment, the hardest case for a parser that looks
 * around. The parse is one pass, so its time follows the size.
 */
function unpunctuatedText(size: number): string {
  const phrase = '滨江市召开数字经济发展推进会部署下半年重点任务加快建设长江口国际数据港';
  return phrase
    .repeat(Math.ceil(size / phrase.length / 3))
    .slice(0, Math.ceil(size / 3))
    .replace(/(.{13})/gu, '$1\n\n');
}

async function wordFiles(count: number): Promise<Buffer[]> {
  const para = '本报讯 滨江市今年上半年经济运行总体平稳，城市更新项目加快推进，新建学校医院和公园陆续投入使用。'.repeat(
    4,
  );
  const docs: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({ text: `第${i}号稿件的主题`, heading: HeadingLevel.TITLE }),
            new Paragraph({ text: '副题说明', heading: HeadingLevel.HEADING_2 }),
            ...Array.from({ length: 8 }, (_, j) =>
              j === 4
                ? new Paragraph({ text: '小标题', heading: HeadingLevel.HEADING_2 })
                : new Paragraph({ text: para }),
            ),
          ],
        },
      ],
    });
    docs.push(await Packer.toBuffer(doc));
  }
  return docs;
}

export async function importBench(): Promise<Figure[]> {
  const page = await elevenThousandCharacterPage();
  const pageTimes: number[] = [];
  const splitTimes: number[] = [];
  // Warm both paths, so the median measures parsing and not the first compilation of its regexes.
  for (let i = 0; i < 5; i++) {
    importTextPage(page);
    page.split(/\n\s*\n/).filter((p) => p.trim());
  }
  for (let i = 0; i < 30; i++) {
    let t = performance.now();
    const { stories } = importTextPage(page);
    pageTimes.push(performance.now() - t);
    if (stories.length === 0) throw new Error('the page gave no stories');
    t = performance.now();
    page.split(/\n\s*\n/).filter((p) => p.trim());
    splitTimes.push(performance.now() - t);
  }

  // Megabytes without punctuation, against splitting them at blank lines.
  const big = unpunctuatedText(5_000_000);
  const bigTimes: number[] = [];
  const bigSplitTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    let t = performance.now();
    const { stories } = importTextPage(big);
    bigTimes.push(performance.now() - t);
    if (stories.length === 0) throw new Error('the unpunctuated text gave no stories');
    t = performance.now();
    big.split(/\n\s*\n/).filter((p) => p.trim());
    bigSplitTimes.push(performance.now() - t);
  }

  const docs = await wordFiles(200);
  // Warm both paths first so neither pays for loading and compiling mammoth alone.
  for (const bytes of docs.slice(0, 5)) {
    await parseImportFile('warm.docx', bytes);
    await mammoth.extractRawText({ buffer: bytes });
  }
  let t = performance.now();
  let found = 0;
  for (const [i, bytes] of docs.entries()) found += (await parseImportFile(`story-${i}.docx`, bytes)).stories.length;
  const batch = performance.now() - t;
  if (found !== docs.length) throw new Error(`200 Word files gave ${found} stories`);
  t = performance.now();
  for (const bytes of docs) await mammoth.extractRawText({ buffer: bytes });
  const rawBatch = performance.now() - t;

  const pageChars = page.replace(/\s/g, '').length;
  return [
    {
      name: `import a ${pageChars.toLocaleString('en')}-character page (median of 30)`,
      value: round(median(pageTimes)),
      unit: 'ms',
      baseline: 'split at blank lines only',
      baselineValue: round(median(splitTimes), 3),
    },
    {
      name: `import ${(Buffer.byteLength(big) / 1e6).toFixed(1)} MB of text without sentence marks, 13-character lines (median of 3)`,
      value: round(median(bigTimes)),
      unit: 'ms',
      baseline: 'split at blank lines only',
      baselineValue: round(median(bigSplitTimes)),
    },
    {
      name: 'import 200 Word files, one batch',
      value: round(batch),
      unit: 'ms',
      baseline: 'mammoth raw text, no structure',
      baselineValue: round(rawBatch),
    },
  ];
}
