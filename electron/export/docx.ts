import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  Paragraph,
  TextRun,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import type { DocNode, Story } from '../../shared/model/story';
import { storyBodyParagraphs } from '../../shared/layout/story-html';
import { type DocxReading, readDocx } from './docx-check';
import { throwIfAborted, writeWhole } from './story-metadata';
import type { ExportContext, FormatExporter, FormatValidation, ValidationProblem } from './types';

/**
 * One Word file per story (`<story-id>.docx`), for desks and partners who take copy as
 * Word: the headline group as Kicker / Title / Subtitle paragraphs, the byline and
 * dateline, the body with cross-heads as headings, quotes, lists, editor's notes and the
 * photos embedded with their captions. Chinese text is set in Noto Serif CJK SC
 * (`w:eastAsia`), with 宋体 (SimSun) named as the font Word substitutes when Noto is absent,
 * and every run carries the story's language.
 */

export const CJK_FONT = 'Noto Serif CJK SC';
export const CJK_FALLBACK_FONT = '宋体';
const LATIN_FONT = 'Noto Serif';

export const docxFileName = (story: Pick<Story, 'id'>): string => `${story.id}.docx`;

/** Word's language tags: it knows zh-CN, not the script subtag. */
const wordLanguage = (story: Pick<Story, 'language'>) =>
  story.language === 'zh-Hans' ? { value: 'zh-CN', eastAsia: 'zh-CN' } : { value: 'en-GB', eastAsia: 'zh-CN' };

const FONT = { ascii: LATIN_FONT, hAnsi: LATIN_FONT, cs: LATIN_FONT, eastAsia: CJK_FONT };
/** In Chinese copy, characters both scripts share (“ ” — …) take the East Asian font. */
const fontFor = (story: Pick<Story, 'language'>) =>
  story.language === 'zh-Hans' ? { ...FONT, hint: 'eastAsia' } : FONT;

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A page's text width in pixels at 96 dpi (A4 less 2.5 cm margins): photos are scaled to fit it. */
const MAX_IMAGE_WIDTH = 600;

/** The pixel size of a PNG, JPEG or GIF, read from its header; null for anything else. */
export function imageSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.length > 24 && bytes.readUInt32BE(0) === 0x89504e47) {
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (bytes.length > 10 && bytes.subarray(0, 4).toString('latin1').startsWith('GIF8')) {
    return { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    let offset = 2;
    while (offset + 9 < bytes.length) {
      if (bytes[offset] !== 0xff) return null;
      const marker = bytes[offset + 1]!;
      const length = bytes.readUInt16BE(offset + 2);
      // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC), carry the frame size.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
      }
      offset += 2 + length;
    }
  }
  return null;
}

const imageType = (assetId: string): 'png' | 'jpg' | 'gif' | null => {
  const ext = assetId.split('.').pop();
  return ext === 'png' || ext === 'jpg' || ext === 'gif' ? ext : null;
};

interface Builder {
  story: Story;
  ctx: ExportContext;
  run: (text: string, extra?: IRunOptions) => TextRun;
}

function inlineChildren(nodes: DocNode[] | undefined, b: Builder, extra: IRunOptions = {}): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const node of nodes ?? []) {
    if (node.type === 'hardBreak') {
      out.push(b.run('', { ...extra, break: 1 }));
      continue;
    }
    if (node.type !== 'text' || !node.text) continue;
    const marks = node.marks ?? [];
    const options: IRunOptions = {
      ...extra,
      bold: marks.some((m) => m.type === 'bold') || extra.bold,
      italics: marks.some((m) => m.type === 'italic') || extra.italics,
    };
    const link = marks.find((m) => m.type === 'link');
    const href = str(link?.attrs?.href).trim();
    if (link && /^(https?:|mailto:)/i.test(href)) {
      out.push(new ExternalHyperlink({ link: href, children: [b.run(node.text, { ...options, style: 'Hyperlink' })] }));
    } else out.push(b.run(node.text, options));
  }
  return out;
}

async function photoParagraphs(node: DocNode, b: Builder): Promise<Paragraph[]> {
  const asset = str(node.attrs?.asset);
  const caption = str(node.attrs?.caption);
  const credit = str(node.attrs?.credit);
  const alt = str(node.attrs?.alt) || caption;
  const out: Paragraph[] = [];
  const path = asset ? await b.ctx.assetPath(asset) : null;
  const type = imageType(asset);
  if (path && type) {
    const data = await readFile(path);
    const size = imageSize(data) ?? { width: 400, height: 300 };
    const scale = Math.min(1, MAX_IMAGE_WIDTH / size.width);
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        keepNext: true,
        children: [
          new ImageRun({
            type,
            data,
            transformation: {
              width: Math.max(1, Math.round(size.width * scale)),
              height: Math.max(1, Math.round(size.height * scale)),
            },
            altText: { name: asset, title: caption || asset, description: alt || caption || asset },
          }),
        ],
      }),
    );
  }
  if (caption || credit) {
    const children: ParagraphChild[] = [];
    if (caption) children.push(b.run(caption));
    if (credit) children.push(b.run(`${caption ? ' ' : ''}${credit}`, { italics: true }));
    out.push(new Paragraph({ style: 'Caption', children }));
  }
  return out;
}

/** Each ordered list restarts its numbering: every list gets its own instance. */
let listInstance = 0;

async function blockParagraphs(
  node: DocNode,
  b: Builder,
  context: { style?: string; list?: { kind: 'bullet' | 'ordered'; level: number; instance: number } } = {},
): Promise<Paragraph[]> {
  const children = () => inlineChildren(node.content, b);
  const hasText = (node.content ?? []).some((c) => c.text?.trim());
  switch (node.type) {
    case 'paragraph': {
      if (!hasText) return [];
      if (context.list) {
        const { kind, level, instance } = context.list;
        return [
          new Paragraph({
            children: children(),
            ...(kind === 'bullet' ? { bullet: { level } } : { numbering: { reference: 'ordered', level, instance } }),
          }),
        ];
      }
      return [new Paragraph({ style: context.style ?? 'BodyText', children: children() })];
    }
    case 'crossHead':
      return hasText ? [new Paragraph({ heading: HeadingLevel.HEADING_2, children: children() })] : [];
    case 'pullQuote':
      return hasText ? [new Paragraph({ style: 'IntenseQuote', children: children() })] : [];
    case 'blockquote':
    case 'editorsNote': {
      const style = node.type === 'blockquote' ? 'Quote' : 'EditorsNote';
      const out: Paragraph[] = [];
      for (const child of node.content ?? []) out.push(...(await blockParagraphs(child, b, { ...context, style })));
      return out;
    }
    case 'bulletList':
    case 'orderedList': {
      const level = context.list ? Math.min(context.list.level + 1, 8) : 0;
      const kind = node.type === 'bulletList' ? 'bullet' : 'ordered';
      const instance = context.list?.instance ?? ++listInstance;
      const out: Paragraph[] = [];
      for (const item of node.content ?? [])
        for (const child of item.content ?? [])
          out.push(...(await blockParagraphs(child, b, { ...context, list: { kind, level, instance } })));
      return out;
    }
    case 'photoFigure':
      return photoParagraphs(node, b);
    default: {
      // A node from a newer schema: its text still goes out.
      const text = storyBodyParagraphs({ type: 'doc', content: [node] }).map((p) => p.text);
      return text.filter((t) => t.trim()).map((t) => new Paragraph({ style: 'BodyText', children: [b.run(t)] }));
    }
  }
}

/** The story as a docx `Document`, ready to pack. */
export async function storyDocument(ctx: ExportContext, story: Story): Promise<Document> {
  const language = wordLanguage(story);
  const chinese = story.language === 'zh-Hans';
  const b: Builder = {
    story,
    ctx,
    run: (text, extra = {}) => new TextRun({ text, font: fontFor(story), language, ...extra }),
  };
  const head: Paragraph[] = [];
  if (story.kicker.trim()) head.push(new Paragraph({ style: 'Kicker', children: [b.run(story.kicker)] }));
  // A story without a headline is preflight's to report (empty-headline), not the exporter's to refuse.
  if (story.headline.trim())
    head.push(new Paragraph({ heading: HeadingLevel.TITLE, children: [b.run(story.headline)] }));
  if (story.subheadline.trim()) head.push(new Paragraph({ style: 'Subtitle', children: [b.run(story.subheadline)] }));
  if (story.byline.trim()) head.push(new Paragraph({ style: 'Byline', children: [b.run(story.byline)] }));
  if (story.dateline.trim()) head.push(new Paragraph({ style: 'Dateline', children: [b.run(story.dateline)] }));
  const body: Paragraph[] = [];
  for (const node of story.body.content ?? []) body.push(...(await blockParagraphs(node, b)));

  const run = { font: fontFor(story), language, size: chinese ? 21 : 22 };
  return new Document({
    title: story.headline || undefined,
    subject: story.kicker || story.subheadline || undefined,
    creator: story.byline || ctx.edition.publication,
    description: `${ctx.edition.publication} ${ctx.edition.date}`,
    keywords: story.tags.map((t) => t.name).join(', ') || undefined,
    lastModifiedBy: `Masthead ${ctx.appVersion}`,
    revision: story.revision + 1,
    styles: {
      default: {
        document: { run },
        title: { run: { ...run, size: 44, bold: true } },
        heading2: { run: { ...run, size: 26, bold: true }, paragraph: { spacing: { before: 240, after: 120 } } },
      },
      paragraphStyles: [
        {
          id: 'BodyText',
          name: 'Body Text',
          basedOn: 'Normal',
          quickFormat: true,
          run,
          // Chinese body text opens each paragraph with a two-character indent.
          paragraph: {
            spacing: { after: 120, line: 360 },
            indent: chinese ? { firstLineChars: 200 } : undefined,
            alignment: chinese ? AlignmentType.JUSTIFIED : AlignmentType.LEFT,
          },
        },
        {
          id: 'Kicker',
          name: 'Kicker',
          basedOn: 'Normal',
          next: 'Title',
          quickFormat: true,
          run: { ...run, size: 26 },
          paragraph: { keepNext: true, spacing: { after: 60 } },
        },
        {
          id: 'Subtitle',
          name: 'Subtitle',
          basedOn: 'Normal',
          next: 'Byline',
          quickFormat: true,
          run: { ...run, size: 28 },
          paragraph: { keepNext: true, spacing: { after: 200 } },
        },
        {
          id: 'Byline',
          name: 'Byline',
          basedOn: 'Normal',
          quickFormat: true,
          run: { ...run, size: 20, bold: true },
          paragraph: { keepNext: true },
        },
        {
          id: 'Dateline',
          name: 'Dateline',
          basedOn: 'Normal',
          quickFormat: true,
          run: { ...run, size: 20, bold: true },
          paragraph: { keepNext: true, spacing: { after: 120 } },
        },
        {
          id: 'Quote',
          name: 'Quote',
          basedOn: 'BodyText',
          quickFormat: true,
          run: { ...run, italics: true },
          paragraph: { indent: { left: 720, right: 720 } },
        },
        {
          id: 'IntenseQuote',
          name: 'Intense Quote',
          basedOn: 'Normal',
          quickFormat: true,
          run: { ...run, size: 28, bold: true },
          paragraph: {
            alignment: AlignmentType.CENTER,
            spacing: { before: 240, after: 240 },
            border: {
              top: { style: BorderStyle.SINGLE, size: 6, color: '808080', space: 4 },
              bottom: { style: BorderStyle.SINGLE, size: 6, color: '808080', space: 4 },
            },
          },
        },
        {
          id: 'EditorsNote',
          name: "Editor's Note",
          basedOn: 'BodyText',
          quickFormat: true,
          run: { ...run, size: 20 },
          paragraph: {
            border: {
              top: { style: BorderStyle.SINGLE, size: 4, color: '808080', space: 4 },
              bottom: { style: BorderStyle.SINGLE, size: 4, color: '808080', space: 4 },
              left: { style: BorderStyle.SINGLE, size: 4, color: '808080', space: 4 },
              right: { style: BorderStyle.SINGLE, size: 4, color: '808080', space: 4 },
            },
          },
        },
        {
          id: 'Caption',
          name: 'Caption',
          basedOn: 'Normal',
          quickFormat: true,
          run: { ...run, size: 18 },
          paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 200 } },
        },
      ],
    },
    numbering: {
      config: [
        {
          reference: 'ordered',
          levels: Array.from({ length: 9 }, (_, level) => ({
            level,
            format: level % 2 === 0 ? LevelFormat.DECIMAL : LevelFormat.LOWER_LETTER,
            text: `%${level + 1}.`,
            alignment: AlignmentType.START,
            style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
          })),
        },
      ],
    },
    sections: [{ children: [...head, ...body] }],
  });
}

export async function storyDocx(ctx: ExportContext, story: Story): Promise<Buffer> {
  return Packer.toBuffer(await storyDocument(ctx, story), false, [FONT_TABLE]);
}

/**
 * The font table, written by us (the docx package writes an empty one for fonts it does not
 * embed): it names 宋体 as the alternative for Noto Serif CJK SC, with the GB2312 charset, so
 * Word on a machine without Noto substitutes SimSun rather than a Latin face. Given to the
 * packer as the part itself, so the package is zipped once, not unzipped and zipped again.
 */
const FONT_TABLE = {
  path: 'word/fontTable.xml',
  data:
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    `<w:font w:name="${CJK_FONT}"><w:altName w:val="${CJK_FALLBACK_FONT}"/><w:charset w:val="86"/>` +
    '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>' +
    `<w:font w:name="${LATIN_FONT}"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
    '</w:fonts>',
};

async function writeDocx(
  ctx: ExportContext,
  dir: string,
  signal: AbortSignal,
  progress: (done: number, total: number) => void,
): Promise<void> {
  const total = ctx.stories.length;
  progress(0, total);
  for (const [index, story] of ctx.stories.entries()) {
    throwIfAborted(signal);
    await writeWhole(join(dir, docxFileName(story)), await storyDocx(ctx, story));
    progress(index + 1, total);
  }
}

const normalise = (text: string): string => text.replace(/\s+/g, '');

async function validateDocx(ctx: ExportContext, dir: string): Promise<FormatValidation> {
  const validator = 'OOXML package check and re-read';
  const problems: ValidationProblem[] = [];
  const wellFormed = new Set<string>();
  for (const story of ctx.stories) {
    const file = docxFileName(story);
    let reading: DocxReading;
    try {
      reading = readDocx(await readFile(join(dir, file)), wellFormed);
    } catch (error) {
      problems.push({ file, message: `cannot be read back: ${(error as Error).message}` });
      continue;
    }
    for (const message of reading.problems.slice(0, 5)) problems.push({ file, message });
    if (reading.problems.length) continue;
    const text = normalise(reading.paragraphs.join(''));
    if (story.headline.trim() && !text.includes(normalise(story.headline)))
      problems.push({ file, message: 'the headline is missing' });
    const missing = storyBodyParagraphs(story.body).filter((p) => !text.includes(normalise(p.text)));
    if (missing.length)
      problems.push({
        file,
        message: `${missing.length} body paragraph(s) missing, the first: ${missing[0]!.text.slice(0, 40)}`,
      });
  }
  return { ok: problems.length === 0, validator, problems };
}

export const docxExporter: FormatExporter = {
  format: 'docx',
  write: writeDocx,
  validate: validateDocx,
};
