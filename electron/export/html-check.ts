import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { JSDOM } from 'jsdom';
import { filesUnder } from './edition-site';
import type { ValidationProblem } from './types';

/**
 * The check of an exported HTML folder: every document parses, and nothing it loads by itself
 * or links to leaves the folder or is missing from it.
 */

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
/** A reference that leaves the folder: any scheme but data:, or a protocol-relative URL. */
const isExternal = (ref: string): boolean => ref.startsWith('//') || (SCHEME.test(ref) && !/^data:/i.test(ref));

/** Elements and attributes the browser loads by itself when the document opens. */
const AUTO_LOADED: [selector: string, attribute: string][] = [
  ['script[src]', 'src'],
  ['link[href]', 'href'],
  ['img[src]', 'src'],
  ['img[srcset]', 'srcset'],
  ['source[src]', 'src'],
  ['source[srcset]', 'srcset'],
  ['video[src]', 'src'],
  ['video[poster]', 'poster'],
  ['audio[src]', 'src'],
  ['track[src]', 'src'],
  ['iframe[src]', 'src'],
  ['embed[src]', 'src'],
  ['object[data]', 'data'],
  ['input[src]', 'src'],
  ['image[href]', 'href'],
  ['use[href]', 'href'],
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

/** The checks of an exported HTML folder, usable on any folder of HTML and CSS. */
export async function checkHtmlFolder(
  dir: string,
): Promise<{ problems: ValidationProblem[]; documents: Map<string, Document> }> {
  const root = resolve(dir);
  const problems: ValidationProblem[] = [];
  const documents = new Map<string, Document>();
  for (const file of await filesUnder(root)) {
    const path = join(root, ...file.split('/'));
    if (file.endsWith('.css')) {
      const css = await readFile(path, 'utf8');
      for (const ref of cssUrls(css)) await checkReference(root, file, ref, true, problems);
      continue;
    }
    if (!/\.html?$/.test(file)) continue;
    const source = await readFile(path, 'utf8');
    let document: Document;
    try {
      // No scripts and no resource loading: parsing only.
      document = new JSDOM(source, { contentType: 'text/html' }).window.document;
    } catch (error) {
      problems.push({ file, message: `does not parse: ${(error as Error).message}` });
      continue;
    }
    documents.set(file, document);
    if (!document.doctype || document.doctype.name.toLowerCase() !== 'html') {
      problems.push({ file, message: 'has no <!DOCTYPE html>' });
    }
    if (!document.documentElement.getAttribute('lang')) problems.push({ file, message: 'has no lang on <html>' });
    if (!document.title.trim()) problems.push({ file, message: 'has no <title>' });
    if (!document.querySelector('meta[charset]')) problems.push({ file, message: 'does not declare its charset' });
    if (document.querySelector('base')) problems.push({ file, message: 'has a <base> element' });
    for (const meta of document.querySelectorAll('meta[http-equiv]')) {
      if (/refresh/i.test(meta.getAttribute('http-equiv') ?? '')) {
        problems.push({ file, message: 'has a <meta http-equiv="refresh">' });
      }
    }
    for (const [selector, attribute] of AUTO_LOADED) {
      for (const element of document.querySelectorAll(selector)) {
        const value = element.getAttribute(attribute) ?? '';
        const refs = attribute === 'srcset' ? srcsetUrls(value) : [value];
        for (const ref of refs) await checkReference(root, file, ref, true, problems);
      }
    }
    for (const element of document.querySelectorAll('[style]')) {
      for (const ref of cssUrls(element.getAttribute('style') ?? '')) {
        await checkReference(root, file, ref, true, problems);
      }
    }
    for (const style of document.querySelectorAll('style')) {
      for (const ref of cssUrls(style.textContent ?? '')) await checkReference(root, file, ref, true, problems);
    }
    for (const element of document.querySelectorAll('a[href], area[href]')) {
      await checkReference(root, file, element.getAttribute('href') ?? '', false, problems);
    }
  }
  return { problems, documents };
}
