import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DocNode, Story } from '../../shared/model/story';
import { storyBodyParagraphs } from '../../shared/layout/story-html';
import { type DocxReading, readDocx } from './docx-check';
import { throwIfAborted, writeWhole } from './story-metadata';
import type { ExportContext, FormatExporter, FormatValidation, ValidationProblem } from './types';
import { type ZipPart, zipFile, zipPart } from './zip-writer';

/**
 * One Word file per story (`<story-id>.docx`), for desks and partners who take copy as
 * Word: the headline group as Kicker / Title / Subtitle paragraphs, the byline and
 * dateline, the body with cross-heads as headings, quotes, lists, editor's notes and the
 * photos embedded with their captions. Chinese text is set in Noto Serif CJK SC
 * (`w:eastAsia`), with 宋体 (SimSun) named as the font Word substitutes when Noto is absent,
 * and every run carries the story's language.
 *
 * The WordprocessingML is written here, as text, and zipped by zip-writer.ts: the parts every
 * story shares (styles, numbering levels, settings, font table) are made and compressed once.
 * (The `docx` package did the same job at about ten times the cost: 128 stories took 1.5 s of
 * the export's one thread, rebuilding and recompressing the shared parts for each file.)
 */

export const CJK_FONT = 'Noto Serif CJK SC';
export const CJK_FALLBACK_FONT = '宋体';
const LATIN_FONT = 'Noto Serif';

export const docxFileName = (story: Pick<Story, 'id'>): string => `${story.id}.docx`;

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A page's text width in pixels at 96 dpi (A4 less 2.5 cm margins): photos are scaled to fit it. */
const MAX_IMAGE_WIDTH = 600;
/** DrawingML measures in EMUs: 914,400 to the inch, so 9,525 to a pixel at 96 dpi. */
const EMU_PER_PIXEL = 9525;

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

const NOT_XML =
  // eslint-disable-next-line no-control-regex -- these are exactly the characters XML forbids
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text for XML: markup escaped, and the characters XML 1.0 refuses (a stray control character pasted into a story) left out. */
const xml = (text: string): string =>
  text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

type Language = Story['language'];
const chineseOf = (language: Language) => language === 'zh-Hans';

/** A run's fonts and language: Word's language tags know zh-CN, not the script subtag. In Chinese copy, characters both scripts share (“ ” — …) take the East Asian font. */
function runBasics(language: Language): { fonts: string; lang: string } {
  const chinese = chineseOf(language);
  return {
    fonts: `<w:rFonts w:ascii="${LATIN_FONT}" w:hAnsi="${LATIN_FONT}" w:eastAsia="${CJK_FONT}" w:cs="${LATIN_FONT}"${chinese ? ' w:hint="eastAsia"' : ''}/>`,
    lang: chinese ? '<w:lang w:val="zh-CN" w:eastAsia="zh-CN"/>' : '<w:lang w:val="en-GB" w:eastAsia="zh-CN"/>',
  };
}

const size = (halfPoints: number) => `<w:sz w:val="${halfPoints}"/><w:szCs w:val="${halfPoints}"/>`;
const BOLD = '<w:b/><w:bCs/>';
const ITALIC = '<w:i/><w:iCs/>';

/** styles.xml for a story's language: the document's defaults and the paragraph styles the writer uses. */
function stylesXml(language: Language): string {
  const { fonts, lang } = runBasics(language);
  const chinese = chineseOf(language);
  const body = chinese ? 21 : 22;
  const rPr = (...extra: string[]) => {
    const bold = extra.includes(BOLD) ? BOLD : '';
    const italic = extra.includes(ITALIC) ? ITALIC : '';
    const sized = extra.find((e) => e.startsWith('<w:sz ')) ?? size(body);
    return `<w:rPr>${fonts}${bold}${italic}${sized}${lang}</w:rPr>`;
  };
  const style = (id: string, name: string, options: { basedOn?: string; next?: string; pPr?: string; rPr?: string }) =>
    `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${xml(name)}"/>` +
    `<w:basedOn w:val="${options.basedOn ?? 'Normal'}"/>${options.next ? `<w:next w:val="${options.next}"/>` : ''}<w:qFormat/>` +
    `${options.pPr ? `<w:pPr>${options.pPr}</w:pPr>` : ''}${options.rPr ?? ''}</w:style>`;
  const border = (sides: string[], width: number) =>
    `<w:pBdr>${sides.map((side) => `<w:${side} w:val="single" w:sz="${width}" w:space="4" w:color="808080"/>`).join('')}</w:pBdr>`;
  return (
    `${HEAD}<w:styles xmlns:w="${W_NS}" xmlns:r="${R_NS}">` +
    `<w:docDefaults><w:rPrDefault>${rPr()}</w:rPrDefault><w:pPrDefault/></w:docDefaults>` +
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>' +
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>' +
    style('Title', 'Title', { next: 'Normal', rPr: rPr(BOLD, size(44)) }) +
    style('Heading2', 'heading 2', {
      next: 'Normal',
      pPr: '<w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="1"/>',
      rPr: rPr(BOLD, size(26)),
    }) +
    style('BodyText', 'Body Text', {
      // Chinese body text opens each paragraph with a two-character indent.
      pPr: `<w:spacing w:after="120" w:line="360" w:lineRule="auto"/>${chinese ? '<w:ind w:firstLineChars="200"/><w:jc w:val="both"/>' : '<w:jc w:val="left"/>'}`,
      rPr: rPr(),
    }) +
    style('Kicker', 'Kicker', { next: 'Title', pPr: '<w:keepNext/><w:spacing w:after="60"/>', rPr: rPr(size(26)) }) +
    style('Subtitle', 'Subtitle', {
      next: 'Byline',
      pPr: '<w:keepNext/><w:spacing w:after="200"/>',
      rPr: rPr(size(28)),
    }) +
    style('Byline', 'Byline', { pPr: '<w:keepNext/>', rPr: rPr(BOLD, size(20)) }) +
    style('Dateline', 'Dateline', { pPr: '<w:keepNext/><w:spacing w:after="120"/>', rPr: rPr(BOLD, size(20)) }) +
    style('Quote', 'Quote', { basedOn: 'BodyText', pPr: '<w:ind w:left="720" w:right="720"/>', rPr: rPr(ITALIC) }) +
    style('IntenseQuote', 'Intense Quote', {
      pPr: `${border(['top', 'bottom'], 6)}<w:spacing w:before="240" w:after="240"/><w:jc w:val="center"/>`,
      rPr: rPr(BOLD, size(28)),
    }) +
    style('EditorsNote', "Editor's Note", {
      basedOn: 'BodyText',
      pPr: border(['top', 'left', 'bottom', 'right'], 4),
      rPr: rPr(size(20)),
    }) +
    style('Caption', 'Caption', { pPr: '<w:spacing w:after="200"/><w:jc w:val="center"/>', rPr: rPr(size(18)) }) +
    style('ListParagraph', 'List Paragraph', { pPr: '<w:ind w:left="720"/>' }) +
    '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>' +
    '</w:styles>'
  );
}

const BULLETS = ['●', '○', '■'];
const BULLET_LIST = 1;
const ORDERED_LIST = 2;

/** numbering.xml: one bullet list for all, and one instance of the ordered list per list, so each restarts at 1. */
function numberingXml(orderedLists: number): string {
  const levels = (kind: 'bullet' | 'ordered') =>
    Array.from({ length: 9 }, (_, level) => {
      const format =
        kind === 'bullet'
          ? `<w:numFmt w:val="bullet"/><w:lvlText w:val="${BULLETS[level % 3]}"/>`
          : `<w:numFmt w:val="${level % 2 === 0 ? 'decimal' : 'lowerLetter'}"/><w:lvlText w:val="%${level + 1}."/>`;
      return `<w:lvl w:ilvl="${level}"><w:start w:val="1"/>${format}<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="${720 * (level + 1)}" w:hanging="360"/></w:pPr></w:lvl>`;
    }).join('');
  let nums = `<w:num w:numId="${BULLET_LIST}"><w:abstractNumId w:val="0"/></w:num>`;
  for (let list = 0; list < orderedLists; list++)
    nums +=
      `<w:num w:numId="${ORDERED_LIST + list}"><w:abstractNumId w:val="1"/>` +
      '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>';
  return (
    `${HEAD}<w:numbering xmlns:w="${W_NS}">` +
    `<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>${levels('bullet')}</w:abstractNum>` +
    `<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="hybridMultilevel"/>${levels('ordered')}</w:abstractNum>` +
    `${nums}</w:numbering>`
  );
}

/**
 * The font table, written by us: it names 宋体 as the alternative for Noto Serif CJK SC, with
 * the GB2312 charset, so Word on a machine without Noto substitutes SimSun rather than a Latin face.
 */
const FONT_TABLE =
  `${HEAD}<w:fonts xmlns:r="${R_NS}" xmlns:w="${W_NS}">` +
  `<w:font w:name="${CJK_FONT}"><w:altName w:val="${CJK_FALLBACK_FONT}"/><w:charset w:val="86"/>` +
  '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>' +
  `<w:font w:name="${LATIN_FONT}"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
  '</w:fonts>';

/** Word 2013 and later layout (not compatibility mode), and half-inch tab stops. */
const SETTINGS =
  `${HEAD}<w:settings xmlns:w="${W_NS}"><w:defaultTabStop w:val="720"/>` +
  '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>';

const PACKAGE_RELS =
  `${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/>` +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
  `<Relationship Id="rId3" Type="${REL}/extended-properties" Target="docProps/app.xml"/>` +
  '</Relationships>';

const CONTENT_TYPES =
  `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Default Extension="png" ContentType="image/png"/><Default Extension="jpg" ContentType="image/jpeg"/>' +
  '<Default Extension="gif" ContentType="image/gif"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
  '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>' +
  '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>' +
  '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>' +
  '<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>' +
  '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
  '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
  '</Types>';

const APP =
  `${HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
  '<Application>Masthead</Application></Properties>';

/** The parts every story's file has, compressed once per process (per language for the styles). */
let shared: { common: ZipPart[]; styles: Map<Language, ZipPart>; numbering: Map<number, ZipPart> } | null = null;
function sharedParts() {
  return (shared ??= {
    common: [
      zipPart('[Content_Types].xml', CONTENT_TYPES),
      zipPart('_rels/.rels', PACKAGE_RELS),
      zipPart('docProps/app.xml', APP),
      zipPart('word/settings.xml', SETTINGS),
      zipPart('word/fontTable.xml', FONT_TABLE),
    ],
    styles: new Map(),
    numbering: new Map(),
  });
}
function stylesPart(language: Language): ZipPart {
  const parts = sharedParts();
  let part = parts.styles.get(language);
  if (!part) parts.styles.set(language, (part = zipPart('word/styles.xml', stylesXml(language))));
  return part;
}
function numberingPart(orderedLists: number): ZipPart {
  const parts = sharedParts();
  let part = parts.numbering.get(orderedLists);
  if (!part) {
    part = zipPart('word/numbering.xml', numberingXml(orderedLists));
    if (orderedLists <= 8) parts.numbering.set(orderedLists, part);
  }
  return part;
}

/** One story's document being written: its runs' basics, and the relationships and media it gathers. */
class StoryWriter {
  readonly relationships: string[] = [];
  readonly media = new Map<string, { part: string; data: Buffer; rId: string }>();
  orderedLists = 0;
  private drawings = 0;
  private readonly basics: { fonts: string; lang: string };

  constructor(
    readonly story: Story,
    readonly ctx: ExportContext,
  ) {
    this.basics = runBasics(story.language);
    // The document's fixed relationships come first: rId1..rId4.
    for (const [type, target] of [
      ['styles', 'styles.xml'],
      ['numbering', 'numbering.xml'],
      ['settings', 'settings.xml'],
      ['fontTable', 'fontTable.xml'],
    ] as const)
      this.relate(`${REL}/${type}`, target);
  }

  relate(type: string, target: string, external = false): string {
    const id = `rId${this.relationships.length + 1}`;
    this.relationships.push(
      `<Relationship Id="${id}" Type="${type}" Target="${xml(target)}"${external ? ' TargetMode="External"' : ''}/>`,
    );
    return id;
  }

  run(text: string, options: { bold?: boolean; italic?: boolean; link?: boolean; lineBreak?: boolean } = {}): string {
    const rPr =
      `<w:rPr>${options.link ? '<w:rStyle w:val="Hyperlink"/>' : ''}${this.basics.fonts}` +
      `${options.bold ? BOLD : ''}${options.italic ? ITALIC : ''}${this.basics.lang}</w:rPr>`;
    if (options.lineBreak) return `<w:r>${rPr}<w:br/></w:r>`;
    return `<w:r>${rPr}<w:t xml:space="preserve">${xml(text)}</w:t></w:r>`;
  }

  drawing(
    part: string,
    rId: string,
    width: number,
    height: number,
    names: { name: string; title: string; description: string },
  ): string {
    const id = ++this.drawings;
    const cx = width * EMU_PER_PIXEL;
    const cy = height * EMU_PER_PIXEL;
    const a = 'http://schemas.openxmlformats.org/drawingml/2006/main';
    const pic = 'http://schemas.openxmlformats.org/drawingml/2006/picture';
    return (
      '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">' +
      `<wp:extent cx="${cx}" cy="${cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>` +
      `<wp:docPr id="${id}" name="${xml(names.name)}" title="${xml(names.title)}" descr="${xml(names.description)}"/>` +
      `<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="${a}" noChangeAspect="1"/></wp:cNvGraphicFramePr>` +
      `<a:graphic xmlns:a="${a}"><a:graphicData uri="${pic}"><pic:pic xmlns:pic="${pic}">` +
      `<pic:nvPicPr><pic:cNvPr id="${id}" name="${xml(part)}"/><pic:cNvPicPr/></pic:nvPicPr>` +
      `<pic:blipFill><a:blip r:embed="${rId}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
      `<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>` +
      '</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'
    );
  }
}

const paragraph = (style: string, content: string, extra = ''): string =>
  `<w:p><w:pPr><w:pStyle w:val="${style}"/>${extra}</w:pPr>${content}</w:p>`;

function inlineRuns(nodes: DocNode[] | undefined, w: StoryWriter): string {
  let out = '';
  for (const node of nodes ?? []) {
    if (node.type === 'hardBreak') {
      out += w.run('', { lineBreak: true });
      continue;
    }
    if (node.type !== 'text' || !node.text) continue;
    const marks = node.marks ?? [];
    const options = { bold: marks.some((m) => m.type === 'bold'), italic: marks.some((m) => m.type === 'italic') };
    const link = marks.find((m) => m.type === 'link');
    const href = str(link?.attrs?.href).trim();
    if (link && /^(https?:|mailto:)/i.test(href)) {
      const rId = w.relate(`${REL}/hyperlink`, href, true);
      out += `<w:hyperlink r:id="${rId}" w:history="1">${w.run(node.text, { ...options, link: true })}</w:hyperlink>`;
    } else out += w.run(node.text, options);
  }
  return out;
}

async function photoParagraphs(node: DocNode, w: StoryWriter): Promise<string> {
  const asset = str(node.attrs?.asset);
  const caption = str(node.attrs?.caption);
  const credit = str(node.attrs?.credit);
  const alt = str(node.attrs?.alt) || caption;
  let out = '';
  const path = asset ? await w.ctx.assetPath(asset) : null;
  const type = imageType(asset);
  if (path && type) {
    let media = w.media.get(asset);
    if (!media) {
      const part = `media/image${w.media.size + 1}.${type}`;
      media = { part, data: await readFile(path), rId: w.relate(`${REL}/image`, part) };
      w.media.set(asset, media);
    }
    const pixels = imageSize(media.data) ?? { width: 400, height: 300 };
    const scale = Math.min(1, MAX_IMAGE_WIDTH / pixels.width);
    const width = Math.max(1, Math.round(pixels.width * scale));
    const height = Math.max(1, Math.round(pixels.height * scale));
    const names = { name: asset, title: caption || asset, description: alt || caption || asset };
    out += `<w:p><w:pPr><w:keepNext/><w:jc w:val="center"/></w:pPr>${w.drawing(media.part, media.rId, width, height, names)}</w:p>`;
  }
  if (caption || credit) {
    let runs = '';
    if (caption) runs += w.run(caption);
    if (credit) runs += w.run(`${caption ? ' ' : ''}${credit}`, { italic: true });
    out += paragraph('Caption', runs);
  }
  return out;
}

type ListContext = { kind: 'bullet' | 'ordered'; level: number; numId: number };

async function blockParagraphs(
  node: DocNode,
  w: StoryWriter,
  context: { style?: string; list?: ListContext } = {},
): Promise<string> {
  const runs = () => inlineRuns(node.content, w);
  const hasText = (node.content ?? []).some((c) => c.text?.trim());
  switch (node.type) {
    case 'paragraph': {
      if (!hasText) return '';
      if (context.list) {
        const { level, numId } = context.list;
        return paragraph(
          'ListParagraph',
          runs(),
          `<w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="${numId}"/></w:numPr>`,
        );
      }
      return paragraph(context.style ?? 'BodyText', runs());
    }
    case 'crossHead':
      return hasText ? paragraph('Heading2', runs()) : '';
    case 'pullQuote':
      return hasText ? paragraph('IntenseQuote', runs()) : '';
    case 'blockquote':
    case 'editorsNote': {
      const style = node.type === 'blockquote' ? 'Quote' : 'EditorsNote';
      let out = '';
      for (const child of node.content ?? []) out += await blockParagraphs(child, w, { ...context, style });
      return out;
    }
    case 'bulletList':
    case 'orderedList': {
      const level = context.list ? Math.min(context.list.level + 1, 8) : 0;
      const kind = node.type === 'bulletList' ? 'bullet' : 'ordered';
      // A nested list numbers within its outer ordered list; a new ordered list restarts at 1.
      const numId =
        kind === 'bullet'
          ? BULLET_LIST
          : context.list?.kind === 'ordered'
            ? context.list.numId
            : ORDERED_LIST + w.orderedLists++;
      let out = '';
      for (const item of node.content ?? [])
        for (const child of item.content ?? [])
          out += await blockParagraphs(child, w, { ...context, list: { kind, level, numId } });
      return out;
    }
    case 'photoFigure':
      return photoParagraphs(node, w);
    default: {
      // A node from a newer schema: its text still goes out.
      const text = storyBodyParagraphs({ type: 'doc', content: [node] }).map((p) => p.text);
      return text
        .filter((t) => t.trim())
        .map((t) => paragraph('BodyText', w.run(t)))
        .join('');
    }
  }
}

/** docProps/core.xml: the story's title, subject, author and keywords as Word shows them in its properties. */
function coreXml(ctx: ExportContext, story: Story): string {
  const field = (tag: string, value: string | undefined) => (value ? `<${tag}>${xml(value)}</${tag}>` : '');
  const when = `<dcterms:created xsi:type="dcterms:W3CDTF">${ctx.exportedAt}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${ctx.exportedAt}</dcterms:modified>`;
  return (
    `${HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    field('dc:title', story.headline) +
    field('dc:subject', story.kicker || story.subheadline) +
    field('dc:creator', story.byline || ctx.edition.publication) +
    field('cp:keywords', story.tags.map((t) => t.name).join(', ')) +
    field('dc:description', `${ctx.edition.publication} ${ctx.edition.date}`) +
    field('cp:lastModifiedBy', `Masthead ${ctx.appVersion}`) +
    field('cp:revision', String(story.revision + 1)) +
    `${when}</cp:coreProperties>`
  );
}

/** The story as a Word file. */
export async function storyDocx(ctx: ExportContext, story: Story): Promise<Buffer> {
  const w = new StoryWriter(story, ctx);
  let body = '';
  if (story.kicker.trim()) body += paragraph('Kicker', w.run(story.kicker));
  // A story without a headline is preflight's to report (empty-headline), not the exporter's to refuse.
  if (story.headline.trim()) body += paragraph('Title', w.run(story.headline));
  if (story.subheadline.trim()) body += paragraph('Subtitle', w.run(story.subheadline));
  if (story.byline.trim()) body += paragraph('Byline', w.run(story.byline));
  if (story.dateline.trim()) body += paragraph('Dateline', w.run(story.dateline));
  for (const node of story.body.content ?? []) body += await blockParagraphs(node, w);
  const document =
    `${HEAD}<w:document xmlns:w="${W_NS}" xmlns:r="${R_NS}" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">` +
    `<w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>` +
    '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/>' +
    '<w:docGrid w:linePitch="360"/></w:sectPr></w:body></w:document>';
  const relationships = `${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${w.relationships.join('')}</Relationships>`;
  const parts: ZipPart[] = [
    ...sharedParts().common,
    zipPart('docProps/core.xml', coreXml(ctx, story)),
    zipPart('word/document.xml', document),
    zipPart('word/_rels/document.xml.rels', relationships),
    stylesPart(story.language),
    numberingPart(w.orderedLists),
    // Photos are compressed already.
    ...[...w.media.values()].map((m) => zipPart(`word/${m.part}`, m.data, { store: true })),
  ];
  return zipFile(parts, new Date(ctx.exportedAt));
}

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
