import { extname } from 'node:path';
import { importHtml } from '../../shared/import/html';
import { type ImportCommit, type ParsedFile, ParsedFile as ParsedFileSchema } from '../../shared/import/schema';
import { importTextPage } from '../../shared/import/text-page';
import type { ImportPart, ImportWarning } from '../../shared/import/types';
import {
  type Contributor,
  type DocNode,
  type StoryBody,
  type StoryFields,
  type WordStyle,
  type WordStyleRole,
  contributorRole,
} from '../../shared/model';
import { IMPORT_EXTENSIONS } from '../../shared/file-types';
import { MAX_IMPORT_BYTES, inMegabytes } from '../../shared/limits';
import { ServiceError } from '../rpc/errors';
import { ImportLog } from '../store/import-log';
import type { Library } from '../store/library';

/**
 * Turns files into stories to preview: page text (.txt), Word (.docx, through mammoth),
 * HTML and Markdown. Nothing is saved here; commitImport saves what the editor approved.
 */

/**
 * Word paragraph styles and the story fields they become. Word's own styles first, then
 * the names newsrooms give their templates, in Chinese and English.
 */
export const DEFAULT_STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='Subtitle'] => p.subtitle:fresh",
  "p[style-name='Heading 1'] => h1:fresh",
  "p[style-name='Heading 2'] => h2:fresh",
  "p[style-name='Heading 3'] => h3:fresh",
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Intense Quote'] => blockquote > p:fresh",
  "p[style-name='Caption'] => p.caption:fresh",
  "p[style-name='引题'] => p.kicker:fresh",
  "p[style-name='肩题'] => p.kicker:fresh",
  "p[style-name='Kicker'] => p.kicker:fresh",
  "p[style-name='主题'] => h1:fresh",
  "p[style-name='主标题'] => h1:fresh",
  "p[style-name='Headline'] => h1:fresh",
  "p[style-name='副题'] => p.subtitle:fresh",
  "p[style-name='副标题'] => p.subtitle:fresh",
  "p[style-name='Subheadline'] => p.subtitle:fresh",
  "p[style-name='Deck'] => p.subtitle:fresh",
  "p[style-name='电头'] => p.dateline:fresh",
  "p[style-name='Dateline'] => p.dateline:fresh",
  "p[style-name='署名'] => p.byline:fresh",
  "p[style-name='作者'] => p.byline:fresh",
  "p[style-name='Byline'] => p.byline:fresh",
  "p[style-name='小标题'] => h2:fresh",
  "p[style-name='Crosshead'] => h2:fresh",
  "p[style-name='图片说明'] => p.caption:fresh",
  "p[style-name='图说'] => p.caption:fresh",
];

const ROLE_HTML: Record<WordStyleRole, string> = {
  kicker: 'p.kicker',
  headline: 'h1',
  subheadline: 'p.subtitle',
  dateline: 'p.dateline',
  byline: 'p.byline',
  crosshead: 'h2',
  caption: 'p.caption',
  quote: 'blockquote > p',
  body: 'p',
};

/** Mammoth style-map lines for the newsroom's own styles (settings.wordStyles or --style). */
export function styleMapFor(styles: readonly WordStyle[]): string[] {
  // Quotes and backslashes in a style name would break mammoth's style-map syntax.
  return styles.map(({ style, role }) => `p[style-name='${style.replace(/['\\]/g, '')}'] => ${ROLE_HTML[role]}:fresh`);
}

export interface ParseOptions {
  /** Extra mammoth style-map lines, tried before the defaults (the newsroom's own styles). */
  styleMap?: string[];
}

const ALLOWED_TAGS = [
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'ul',
  'ol',
  'li',
  'strong',
  'b',
  'em',
  'i',
  'a',
  'img',
  'figure',
  'figcaption',
  'br',
  'div',
  'span',
  'section',
  'article',
  'header',
  'main',
  'table',
  'tbody',
  'tr',
  'td',
  'th',
  'pre',
];

type Purifier = { sanitize(html: string, config: Record<string, unknown>): Node };
let purifier: Promise<Purifier> | null = null;

/** One jsdom window and DOMPurify for the process: building a window costs more than a whole file's import. */
function getPurifier(): Promise<Purifier> {
  purifier ??= Promise.all([import('jsdom'), import('dompurify')]).then(([{ JSDOM }, { default: createDOMPurify }]) => {
    const window = new JSDOM('<!doctype html><body></body>').window;
    return createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]) as unknown as Purifier;
  });
  return purifier;
}

/** Sanitises HTML with DOMPurify down to text-bearing elements and returns it as a DOM body. */
async function sanitisedBody(html: string): Promise<Element> {
  const purify = await getPurifier();
  return purify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ['class', 'src', 'alt', 'href'],
    RETURN_DOM: true,
  }) as Element;
}

/** UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030, the encoding of older Chinese files. */
export function decodeText(bytes: Buffer): { text: string; warning: string | null } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), warning: null };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), warning: null };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), warning: null };
  } catch {
    return {
      text: new TextDecoder('gb18030').decode(bytes),
      warning: 'The file is not UTF-8; it was read as GB18030 (GBK).',
    };
  }
}

/** Word accepts tracked changes silently in mammoth: say so, so nobody publishes a deleted passage by surprise. */
async function trackedChanges(bytes: Buffer): Promise<{ insertions: number; deletions: number; comments: number }> {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(bytes);
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const count = (re: RegExp) => xml.match(re)?.length ?? 0;
  return {
    insertions: count(/<w:ins\b/g),
    deletions: count(/<w:del\b/g),
    comments: count(/<w:commentReference\b/g),
  };
}

/**
 * What the preview can carry: a paragraph longer than the contract allows (a 10 MB paste on
 * one line) is refused with its line, rather than failing later as a broken reply.
 */
function checkedForPreview(parsed: ParsedFile): ParsedFile {
  const check = ParsedFileSchema.safeParse(parsed);
  if (check.success) return parsed;
  const where = check.error.issues[0]?.path ?? [];
  const story = typeof where[1] === 'number' ? parsed.stories[where[1]] : undefined;
  const part = story && typeof where[3] === 'number' ? story.parts[where[3]] : undefined;
  throw new ServiceError(
    'invalid-input',
    part
      ? `${parsed.name}: the paragraph at line ${part.line} holds ${part.text.length.toLocaleString('en')} characters, more than one story paragraph can take (200,000). Split it into paragraphs and import again.`
      : `${parsed.name} ${tooMuch(check.error.issues[0], parsed)} Split the file and import the parts one by one.`,
  );
}

/** What the contract's limit that a file passed means, in the desk's words (not zod's "Too big: expected array…"). */
function tooMuch(
  issue: { path: PropertyKey[]; code?: string; maximum?: unknown } | undefined,
  parsed: ParsedFile,
): string {
  const path = issue?.path ?? [];
  const max = typeof issue?.maximum === 'number' || typeof issue?.maximum === 'bigint' ? Number(issue.maximum) : null;
  const most = max === null ? '' : ` (at most ${max.toLocaleString('en')})`;
  const last = path.at(-1);
  if (path.length === 1 && last === 'stories') {
    return `holds ${parsed.stories.length.toLocaleString('en')} stories, more than one import can take${most}.`;
  }
  if (last === 'parts' && typeof path[1] === 'number') {
    const count = parsed.stories[path[1]]?.parts.length ?? 0;
    return `holds a story of ${count.toLocaleString('en')} paragraphs, more than one story can take${most}.`;
  }
  if (last === 'warnings') return `has more problems to report than one import can list${most}.`;
  return `holds more than one import can take (in ${path.join('.') || 'the file'}${most}).`;
}

export async function parseImportFile(name: string, bytes: Buffer, options: ParseOptions = {}): Promise<ParsedFile> {
  return checkedForPreview(await parseUnchecked(name, bytes, options));
}

async function parseUnchecked(name: string, bytes: Buffer, options: ParseOptions): Promise<ParsedFile> {
  const ext = extname(name).toLowerCase();
  const warnings: ImportWarning[] = [];
  if (bytes.length === 0) throw new ServiceError('invalid-input', `${name} is empty.`);
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new ServiceError('invalid-input', `${name} is larger than ${inMegabytes(MAX_IMPORT_BYTES)} MB.`);
  }
  if (ext === '.txt' || ext === '.text') {
    const { text, warning } = decodeText(bytes);
    if (warning) warnings.push({ line: 0, code: 'encoding-guessed', message: warning, text: name });
    return { name, stories: importTextPage(text).stories, warnings };
  }
  if (ext === '.docx') {
    let html: string;
    let messages: { type: string; message: string }[];
    try {
      const mammoth = await import('mammoth');
      const result = await mammoth.convertToHtml(
        { buffer: bytes },
        { styleMap: [...(options.styleMap ?? []), ...DEFAULT_STYLE_MAP], includeDefaultStyleMap: true },
      );
      html = result.value;
      messages = result.messages;
      const changes = await trackedChanges(bytes);
      if (changes.insertions || changes.deletions) {
        warnings.push({
          line: 0,
          code: 'tracked-changes',
          params: { insertions: changes.insertions, deletions: changes.deletions },
          message: `The document has tracked changes (${changes.insertions} insertions, ${changes.deletions} deletions); they were accepted. Check the text against the reporter's intent.`,
          text: name,
        });
      }
      if (changes.comments)
        warnings.push({
          line: 0,
          code: 'comments-dropped',
          params: { count: changes.comments },
          message: `${changes.comments} Word comments were left out.`,
          text: name,
        });
    } catch (error) {
      throw new ServiceError(
        'invalid-input',
        `${name} is not a Word document that can be read: ${(error as Error).message}`,
      );
    }
    for (const m of messages
      .filter((m) => m.type === 'warning' && /Unrecognised paragraph style/.test(m.message))
      .slice(0, 5)) {
      warnings.push({
        line: 0,
        code: 'unknown-style',
        params: { style: /Unrecognised paragraph style: '?([^'(]*)/.exec(m.message)?.[1]?.trim() ?? '' },
        message: m.message,
        text: name,
      });
    }
    return { name, stories: importHtml(await sanitisedBody(html)), warnings };
  }
  if (ext === '.html' || ext === '.htm') {
    const { text } = decodeText(bytes);
    return { name, stories: importHtml(await sanitisedBody(text)), warnings };
  }
  if (ext === '.md' || ext === '.markdown') {
    const { marked } = await import('marked');
    const { text } = decodeText(bytes);
    return { name, stories: importHtml(await sanitisedBody(await marked.parse(text))), warnings };
  }
  throw new ServiceError(
    'unsupported',
    `${name}: files of type ${ext || '(none)'} cannot be imported. Masthead imports ${IMPORT_EXTENSIONS.join(', ')}.`,
  );
}

/** A block from a part: its formatted runs when the source had formatting, else its text. */
const block = (type: string, part: ImportPart): DocNode => {
  // The runs are only trusted while they still spell the part's text (the preview may edit it).
  const runs = part.inline && part.inline.map((r) => r.text).join('') === part.text ? part.inline : null;
  // A cross-head takes italic only (the schema's rule): bold inside a heading is the heading.
  const allowed = (mark: { type: string }) => type !== 'crossHead' || mark.type === 'italic';
  const content = runs?.map(({ marks, ...run }) => {
    const kept = marks?.filter(allowed) ?? [];
    return kept.length ? { ...run, marks: kept } : run;
  });
  return { type, content: content ?? (part.text ? [{ type: 'text', text: part.text }] : []) };
};

/** Story fields from the parts the editor approved in the preview. */
export function fieldsFromParts(
  parts: ImportPart[],
  assetOf: (part: ImportPart) => string | null,
): Pick<StoryFields, 'kicker' | 'headline' | 'subheadline' | 'dateline' | 'byline' | 'body' | 'contributors'> & {
  jump: string | null;
} {
  const first = (role: ImportPart['role']) => parts.find((p) => p.role === role)?.text.replace(/\n/g, ' ') ?? '';
  const content: DocNode[] = [];
  for (const part of parts) {
    if (part.role === 'paragraph' || part.role === 'unplaced') content.push(block('paragraph', part));
    else if (part.role === 'crosshead') content.push(block('crossHead', part));
    else if (part.role === 'photo') {
      const asset = assetOf(part);
      if (asset)
        content.push({
          type: 'photoFigure',
          attrs: { asset, caption: part.text, credit: part.credit ?? '', alt: part.text },
        });
    }
  }
  const body: StoryBody = { type: 'doc', content: content.length ? content : [{ type: 'paragraph' }] };
  const bylines = parts.filter((p) => p.role === 'byline').map((p) => p.text);
  // Each person a byline names, with the role printed for them (记者 何晓东 通讯员 王磊).
  const contributors: Contributor[] = parts
    .filter((p) => p.role === 'byline')
    .flatMap((p) => p.contributors ?? [])
    .map((c) => {
      const printed = c.role === 'By' ? (c.title ?? '') : c.role;
      return { name: c.name, role: contributorRole(printed), label: printed };
    });
  return {
    kicker: first('kicker'),
    headline: first('headline'),
    subheadline: first('subheadline'),
    dateline: first('dateline'),
    byline: bylines.join(', '),
    ...(contributors.length ? { contributors } : {}),
    body,
    jump: parts.find((p) => p.role === 'jump')?.text ?? null,
  };
}

/** Saves approved stories; photos from Word files are stored as assets first. */
export async function commitImport(
  library: Library,
  input: ImportCommit,
  /** The SHA-256 of the source file's bytes: each story made is recorded against it (see import-log.ts). */
  source?: { sha256: string; name: string },
): Promise<{ id: string; headline: string }[]> {
  const log = new ImportLog(library.root);
  const created: { id: string; headline: string }[] = [];
  for (const story of input.stories) {
    const assets = new Map<ImportPart, string>();
    for (const part of story.parts.filter((p) => p.role === 'photo' && p.image)) {
      const match = /^data:image\/[a-z+]+;base64,(.+)$/.exec(part.image!);
      if (match) assets.set(part, (await library.assets.add(Buffer.from(match[1]!, 'base64'), story.source)).assetId);
      else if (/^[0-9a-f]{64}\.(png|jpg|gif|webp)$/.test(part.image!)) assets.set(part, part.image!);
    }
    const { jump, ...fields } = fieldsFromParts(story.parts, (p) => assets.get(p) ?? null);
    const notes = [
      `Imported from ${story.source}.`,
      jump ? `Jump line: ${jump}` : '',
      ...story.warnings.map((w) => `Import warning (line ${w.line}): ${w.message} — ${w.text}`),
    ]
      .filter(Boolean)
      .join('\n');
    const saved = await library.importStory({
      ...fields,
      section: story.section,
      status: story.status,
      language: story.language,
      notes,
    });
    created.push({ id: saved.id, headline: saved.headline });
    // The app's preview sends each story's file hash; the CLI names one file for them all.
    const from = source ?? (story.sourceSha256 ? { sha256: story.sourceSha256, name: story.source } : null);
    if (from) await log.add(from.sha256, from.name, saved, new Date());
  }
  return created;
}
