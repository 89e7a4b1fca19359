import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { type DefaultTreeAdapterTypes, type ParserError, parse } from 'parse5';
import { filesUnder } from './edition-site';
import type { ValidationProblem } from './types';

type Element = DefaultTreeAdapterTypes.Element;

/**
 * The check of an exported HTML folder: every document parses, and nothing it loads by itself
 * or links to leaves the folder or is missing from it.
 */

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
/** A reference that leaves the folder: any scheme but data:, or a protocol-relative URL. */
const isExternal = (ref: string): boolean => ref.startsWith('//') || (SCHEME.test(ref) && !/^data:/i.test(ref));

/** Elements and attributes the browser loads by itself when the document opens. */
const AUTO_LOADED: [tag: string, attribute: string][] = [
  ['script', 'src'],
  ['link', 'href'],
  ['img', 'src'],
  ['img', 'srcset'],
  ['source', 'src'],
  ['source', 'srcset'],
  ['video', 'src'],
  ['video', 'poster'],
  ['audio', 'src'],
  ['track', 'src'],
  ['iframe', 'src'],
  ['embed', 'src'],
  ['object', 'data'],
  ['input', 'src'],
  ['image', 'href'],
  ['use', 'href'],
];

const srcsetUrls = (value: string): string[] =>
  value
    .split(',')
    .map((part) => part.trim().split(/\s+/)[0] ?? '')
    .filter(Boolean);

/** url(...) and @import references in a stylesheet. */
export const cssUrls = (css: string): string[] => {
  const out: string[] = [];
  for (const m of css.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/gi))
    out.push(m[1] ?? m[2] ?? m[3] ?? '');
  for (const m of css.matchAll(/@import\s+(?:"([^"]*)"|'([^']*)')/gi)) out.push(m[1] ?? m[2] ?? '');
  return out.filter(Boolean);
};

/**
 * Checks one reference found in `file`: an auto-loaded one must not leave the folder, a link
 * may point at the web (http, https, mailto) but at nothing else outside, and every local
 * one must be a file in the folder.
 */
async function checkReference(
  root: string,
  file: string,
  ref: string,
  autoLoaded: boolean,
  problems: ValidationProblem[],
): Promise<void> {
  const trimmed = ref.trim();
  if (!trimmed || trimmed.startsWith('#')) return;
  if (isExternal(trimmed)) {
    if (autoLoaded) problems.push({ file, message: `loads ${trimmed.slice(0, 200)} from outside the folder` });
    else if (!/^(https?|mailto):/i.test(trimmed)) {
      problems.push({ file, message: `links to ${trimmed.slice(0, 200)}, which is neither the web nor the folder` });
    }
    return;
  }
  if (/^data:/i.test(trimmed)) return;
  const path = trimmed.replace(/[?#].*$/, '');
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    problems.push({ file, message: `has a malformed reference ${trimmed.slice(0, 200)}` });
    return;
  }
  if (decoded.startsWith('/')) {
    problems.push({ file, message: `refers to ${trimmed.slice(0, 200)} by an absolute path` });
    return;
  }
  const target = resolve(root, dirname(file), decoded);
  if (target !== root && !target.startsWith(root + sep)) {
    problems.push({ file, message: `refers to ${trimmed.slice(0, 200)}, outside the folder` });
    return;
  }
  const exists = await stat(target).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!exists) problems.push({ file, message: `refers to ${trimmed.slice(0, 200)}, which is not in the folder` });
}

/** A parsed document of the folder, for the exporter's own checks of what it holds. */
export interface HtmlDocument {
  document: DefaultTreeAdapterTypes.Document;
  /** Every element in document order (template contents excluded: they load nothing). */
  elements: Element[];
}

/** An attribute's value by its local name (`xlink:href` answers to `href`, as CSS `[href]` does). */
export const attributeOf = (element: Element, name: string): string | null =>
  element.attrs.find((a) => a.name === name)?.value ?? null;

/** The text inside an element, as `textContent` gives it. */
export function textOf(node: DefaultTreeAdapterTypes.ParentNode): string {
  let text = '';
  for (const child of node.childNodes) {
    if (child.nodeName === '#text') text += (child as DefaultTreeAdapterTypes.TextNode).value;
    else if ('childNodes' in child) text += textOf(child);
  }
  return text;
}

const isElement = (node: DefaultTreeAdapterTypes.ChildNode): node is Element => 'tagName' in node;

function collectElements(node: DefaultTreeAdapterTypes.ParentNode, into: Element[]): Element[] {
  for (const child of node.childNodes) {
    if (!isElement(child)) continue;
    into.push(child);
    collectElements(child, into);
  }
  return into;
}

/**
 * Syntax errors of the HTML standard's parser that say the markup is broken: a file cut short,
 * a tag left open or closed twice. Stray characters in the text are not among them (a reader's
 * browser shows the page all the same).
 */
const HARMLESS_PARSE_ERRORS = new Set([
  'control-character-in-input-stream',
  'noncharacter-in-input-stream',
  'surrogate-in-input-stream',
]);

/**
 * The checks of an exported HTML folder, usable on any folder of HTML and CSS. Documents are
 * read with parse5, the HTML standard's parsing algorithm (the parser jsdom and so the tests'
 * DOM use), without building a browser window: a hundred stories in a tenth of a second.
 */
export async function checkHtmlFolder(
  dir: string,
): Promise<{ problems: ValidationProblem[]; documents: Map<string, HtmlDocument> }> {
  const root = resolve(dir);
  const problems: ValidationProblem[] = [];
  const documents = new Map<string, HtmlDocument>();
  for (const file of await filesUnder(root)) {
    const path = join(root, ...file.split('/'));
    if (file.endsWith('.css')) {
      const css = await readFile(path, 'utf8');
      for (const ref of cssUrls(css)) await checkReference(root, file, ref, true, problems);
      continue;
    }
    if (!/\.html?$/.test(file)) continue;
    const source = await readFile(path, 'utf8');
    const syntaxErrors: ParserError[] = [];
    let document: DefaultTreeAdapterTypes.Document;
    try {
      document = parse(source, {
        onParseError: (error) => {
          if (!HARMLESS_PARSE_ERRORS.has(error.code)) syntaxErrors.push(error);
        },
      });
    } catch (error) {
      problems.push({ file, message: `does not parse: ${(error as Error).message}` });
      continue;
    }
    for (const error of syntaxErrors.slice(0, 3)) {
      problems.push({
        file,
        message: `has an HTML syntax error at ${error.startLine}:${error.startCol} (${error.code})`,
      });
    }
    if (syntaxErrors.length > 3)
      problems.push({ file, message: `has ${syntaxErrors.length - 3} more HTML syntax errors` });
    const elements = collectElements(document, []);
    documents.set(file, { document, elements });
    const named = (tag: string) => elements.filter((e) => e.tagName === tag);
    const doctype = document.childNodes.find((n) => n.nodeName === '#documentType') as
      DefaultTreeAdapterTypes.DocumentType | undefined;
    if (!doctype || doctype.name.toLowerCase() !== 'html') problems.push({ file, message: 'has no <!DOCTYPE html>' });
    const html = named('html')[0];
    if (!html || !attributeOf(html, 'lang')) problems.push({ file, message: 'has no lang on <html>' });
    const title = named('title')[0];
    if (!title || !textOf(title).trim()) problems.push({ file, message: 'has no <title>' });
    const metas = named('meta');
    if (!metas.some((m) => attributeOf(m, 'charset') !== null))
      problems.push({ file, message: 'does not declare its charset' });
    if (named('base').length) problems.push({ file, message: 'has a <base> element' });
    for (const meta of metas) {
      if (/refresh/i.test(attributeOf(meta, 'http-equiv') ?? '')) {
        problems.push({ file, message: 'has a <meta http-equiv="refresh">' });
      }
    }
    for (const element of elements) {
      for (const [tag, attribute] of AUTO_LOADED) {
        if (element.tagName !== tag) continue;
        const value = attributeOf(element, attribute);
        if (value === null) continue;
        const refs = attribute === 'srcset' ? srcsetUrls(value) : [value];
        for (const ref of refs) await checkReference(root, file, ref, true, problems);
      }
      const style = attributeOf(element, 'style');
      if (style !== null) for (const ref of cssUrls(style)) await checkReference(root, file, ref, true, problems);
      if (element.tagName === 'style') {
        for (const ref of cssUrls(textOf(element))) await checkReference(root, file, ref, true, problems);
      }
      if (element.tagName === 'a' || element.tagName === 'area') {
        const href = attributeOf(element, 'href');
        if (href !== null) await checkReference(root, file, href, false, problems);
      }
    }
  }
  return { problems, documents };
}
