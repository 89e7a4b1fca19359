/**
 * Paste from Word and the web, cleaned before ProseMirror parses it into the story schema.
 * The schema already drops what it has no node or mark for; what is left here is what would
 * survive that and still be wrong: Word's list bullets typed as text, its conditional
 * comments and style sheets, paragraphs that hold only a non-breaking space, and Chinese
 * paragraphs indented by hand with full-width spaces (the layout indents them itself).
 */

/** Word's list paragraphs carry their bullet or number as text inside this conditional. */
const WORD_LIST_MARKER = /<!\[if !supportLists\]>([\s\S]*?)<!\[endif\]>/gi;
const ORDERED_MARKER = /^\s*(?:\d+|[a-z]|[ivxlc]+|[一二三四五六七八九十]+)[.)、．]/i;
const LIST_ATTR = 'data-masthead-list';

const CRUFT: RegExp[] = [
  /<!--\[if[\s\S]*?<!\[endif\]-->/gi,
  /<!--[\s\S]*?-->/g,
  /<style[\s\S]*?<\/style>/gi,
  /<xml>[\s\S]*?<\/xml>/gi,
  /<(?:meta|link)\b[^>]*>/gi,
  /<\/?o:p>/gi,
  /<!\[(?:if|endif)[^\]]*\]>/gi,
];

/** Only these inline styles matter to the schema (bold and italic spans from Google Docs). */
const KEPT_STYLES = new Set(['font-weight', 'font-style']);
const INDENT = /^[\s\u3000\u00a0]+/;

function listKind(markerHtml: string): 'ol' | 'ul' {
  const text = markerHtml.replace(/<[^>]*>/g, '').replace(/&nbsp;/g, ' ');
  return ORDERED_MARKER.test(text) ? 'ol' : 'ul';
}

function cleanStyle(el: Element): void {
  const style = el.getAttribute('style');
  if (style === null) return;
  const kept = style
    .split(';')
    .map((d) => d.trim())
    .filter((d) => KEPT_STYLES.has(d.split(':')[0]?.trim().toLowerCase() ?? ''));
  if (kept.length) el.setAttribute('style', kept.join('; '));
  else el.removeAttribute('style');
}

function cleanClass(el: Element): void {
  const kept = [...el.classList].filter((c) => !/^mso/i.test(c));
  if (kept.length) el.setAttribute('class', kept.join(' '));
  else el.removeAttribute('class');
}

function isBlank(el: Element): boolean {
  return !el.querySelector('img, figure') && (el.textContent ?? '').replace(/[\s\u00a0\u3000]/g, '') === '';
}

function stripIndent(p: Element): void {
  const walker = p.ownerDocument.createTreeWalker(p, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue ?? '';
    const stripped = text.replace(INDENT, '');
    node.nodeValue = stripped;
    if (stripped !== '') return;
  }
}

/** Turns runs of Word list paragraphs (marked in the text pass) into real lists. */
function rebuildLists(body: HTMLElement): void {
  const doc = body.ownerDocument;
  for (const marker of [...body.querySelectorAll(`[${LIST_ATTR}]`)]) {
    const kind = marker.getAttribute(LIST_ATTR) === 'ol' ? 'ol' : 'ul';
    const paragraph = marker.closest('p, div, li') ?? marker.parentElement;
    marker.remove();
    if (!paragraph || paragraph === body || paragraph.tagName === 'LI') continue;
    const previous = paragraph.previousElementSibling;
    const list =
      previous && previous.tagName.toLowerCase() === kind && previous.hasAttribute('data-masthead-built')
        ? previous
        : doc.createElement(kind);
    if (list !== previous) {
      list.setAttribute('data-masthead-built', '');
      paragraph.before(list);
    }
    const item = doc.createElement('li');
    const p = doc.createElement('p');
    p.append(...paragraph.childNodes);
    item.append(p);
    list.append(item);
    paragraph.remove();
  }
  for (const built of body.querySelectorAll('[data-masthead-built]')) built.removeAttribute('data-masthead-built');
}

export function cleanPastedHtml(html: string): string {
  let text = html.replace(
    WORD_LIST_MARKER,
    (_all, marker: string) => `<span ${LIST_ATTR}="${listKind(marker)}"></span>`,
  );
  for (const pattern of CRUFT) text = text.replace(pattern, '');
  if (typeof DOMParser === 'undefined') return text;
  const doc = new DOMParser().parseFromString(text, 'text/html');
  const body = doc.body;
  for (const el of body.querySelectorAll('script, style, meta, link, title')) el.remove();
  rebuildLists(body);
  for (const el of body.querySelectorAll('*')) {
    cleanStyle(el);
    cleanClass(el);
    el.removeAttribute('lang');
    el.removeAttribute('align');
  }
  for (const p of body.querySelectorAll('p')) {
    if (isBlank(p)) p.remove();
    else stripIndent(p);
  }
  return body.innerHTML;
}

const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

/** Joins the lines of one hard-wrapped paragraph: no space between Chinese lines, one between English ones. */
function joinLines(lines: string[]): string {
  let out = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (out === '') out = line;
    else out += CJK.test(out.slice(-1)) || CJK.test(line[0] ?? '') ? line : ` ${line}`;
  }
  return out;
}

/**
 * Plain text (e-mail, a text file): blank lines separate paragraphs and single line breaks
 * inside one are the sender's wrapping. Text without blank lines keeps one paragraph per line,
 * the way Word and most editors copy plain text. ProseMirror then makes one paragraph per line.
 */
export function cleanPastedText(text: string): string {
  const normalised = text.replace(/\r\n?/g, '\n');
  const hasBlankLines = /\n[ \t\u3000\u00a0]*\n/.test(normalised.trim());
  const paragraphs = hasBlankLines
    ? normalised.split(/\n[ \t\u3000\u00a0]*\n+/).map((block) => joinLines(block.split('\n')))
    : normalised.split('\n').map((line) => line.replace(INDENT, '').trimEnd());
  return paragraphs
    .map((p) => p.replace(INDENT, ''))
    .filter((p) => p !== '')
    .join('\n');
}
