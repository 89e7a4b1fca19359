import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import mammoth from 'mammoth';
import { parseImportFile } from '../../electron/import/import';
import { importTextPage } from '../../shared/import/text-page';
import { type Figure, median, round } from './figures';

/**
 * Import: a 10,000-character page of text, and a batch of 200 Word files, through the real
 * parsers. Baselines in the same run: for the page, splitting it into paragraphs at blank
 * lines (what a plain paste gives); for Word, mammoth's raw text extraction (no structure).
 */

const samples = join(import.meta.dirname, '..', '..', '..', 'shared', 'samples');

async function tenThousandCharacterPage(): Promise<string> {
  const page = await readFile(join(samples, 'zh-page.txt'), 'utf8');
  const chars = (s: string) => s.replace(/\s/g, '').length;
  const copies: string[] = [];
  while (chars(copies.join('')) < 10_000) copies.push(page);
  return copies.join('\n\n\n');
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
  const page = await tenThousandCharacterPage();
  const pageTimes: number[] = [];
  const splitTimes: number[] = [];
  for (let i = 0; i < 30; i++) {
    let t = performance.now();
    const { stories } = importTextPage(page);
    pageTimes.push(performance.now() - t);
    if (stories.length === 0) throw new Error('the page gave no stories');
    t = performance.now();
    page.split(/\n\s*\n/).filter((p) => p.trim());
    splitTimes.push(performance.now() - t);
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
      name: 'import 200 Word files, one batch',
      value: round(batch),
      unit: 'ms',
      baseline: 'mammoth raw text, no structure',
      baselineValue: round(rawBatch),
    },
  ];
}
