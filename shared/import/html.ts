import type { ImportPart, ImportWarning, ImportedStory, InlineRun, PartRole } from './types';
import { bylineName, detectLanguage, takeDateline } from './text-page';

/**
 * Stories from HTML: a Word file converted by mammoth, an HTML or Markdown file, or a paste.
 * Works on a DOM (the browser's, or jsdom's in Node) that has already been sanitised.
 *
 * Headings and the newsroom's own classes (set by the Word style map) give the roles:
 * h1 or .headline → headline (a second h1 after body text starts a new story), .kicker,
 * .subtitle/.subheadline, .dateline, .byline, .caption; h2–h6 → cross-heads, except an h2
 * right under the headline, which is the subheadline. Images become photos; a caption
 * paragraph after an image is its caption.
 */

const CLASS_ROLES: Record<string, PartRole> = {
  kicker: 'kicker',
  headline: 'headline',
  title: 'headline',
  subtitle: 'subheadline',
  subheadline: 'subheadline',
  deck: 'subheadline',
  dateline: 'dateline',
  byline: 'byline',
  crosshead: 'crosshead',
  caption: 'caption' as PartRole,
};

type Mark = NonNullable<InlineRun['marks']>[number];

/**
 * The text of an element as runs with the marks the story schema keeps: bold, italic and
 * http(s)/mailto links. White space collapses as a browser shows it; a line break is a space.
 */
function inlineRuns(el: Element): InlineRun[] {
  const runs: InlineRun[] = [];
  const walk = (node: Node, marks: Mark[]): void => {
    if (node.nodeType === 3) {
      const value = (node.nodeValue ?? '').replace(/[\s\u00a0]+/g, ' ');
      if (value) runs.push({ type: 'text', text: value, ...(marks.length ? { marks } : {}) });
      return;
    }
    if (node.nodeType !== 1) return;
    const child = node as Element;
    const tag = child.tagName.toLowerCase();
    if (tag === 'br') {
      runs.push({ type: 'text', text: ' ', ...(marks.length ? { marks } : {}) });
      return;
    }
    if (tag === 'img') return;
    let next = marks;
    const add = (mark: Mark): void => {
      if (!next.some((m) => m.type === mark.type)) next = [...next, mark];
    };
    if (tag === 'strong' || tag === 'b') add({ type: 'bold' });
    if (tag === 'em' || tag === 'i') add({ type: 'italic' });
    const href = tag === 'a' ? child.getAttribute('href') : null;
    if (href && /^(https?:|mailto:)/i.test(href)) add({ type: 'link', attrs: { href } });
    child.childNodes.forEach((c) => walk(c, next));
  };
  el.childNodes.forEach((c) => walk(c, []));
  // Collapse spaces across run boundaries, trim the ends, merge runs with the same marks.
  const out: InlineRun[] = [];
  for (const run of runs) {
    let value = run.text;
    const previous = out.at(-1);
    if ((previous === undefined || previous.text.endsWith(' ')) && value.startsWith(' ')) value = value.slice(1);
    if (!value) continue;
    if (previous && JSON.stringify(previous.marks ?? []) === JSON.stringify(run.marks ?? [])) previous.text += value;
    else out.push({ ...run, text: value });
  }
  const last = out.at(-1);
  if (last) {
    last.text = last.text.replace(/ $/, '');
    if (!last.text) out.pop();
  }
  return out;
}

const joined = (runs: InlineRun[]): string => runs.map((r) => r.text).join('');
const text = (el: Element): string => joined(inlineRuns(el));

interface Block {
  role: PartRole | 'caption';
  text: string;
  image?: string;
  inline?: InlineRun[];
}

/** Runs worth keeping: only when some text carries a mark. */
function formatted(el: Element): { text: string; inline?: InlineRun[] } {
  const runs = inlineRuns(el);
  return { text: joined(runs), ...(runs.some((r) => r.marks) ? { inline: runs } : {}) };
}

/** The runs from a character offset on (the paragraph after its dateline). */
export function sliceRuns(runs: InlineRun[], start: number): InlineRun[] {
  const out: InlineRun[] = [];
  let at = 0;
  for (const run of runs) {
    const end = at + run.text.length;
    if (end > start) out.push({ ...run, text: run.text.slice(Math.max(0, start - at)) });
    at = end;
  }
  return out;
}

/** Flattens the document into blocks in reading order. */
function blocksOf(root: Element): Block[] {
  const blocks: Block[] = [];
  const visit = (el: Element): void => {
    const tag = el.tagName.toLowerCase();
    const cls = [...el.classList].map((c) => c.toLowerCase()).find((c) => c in CLASS_ROLES);
    for (const img of tag === 'img' ? [el] : []) {
      blocks.push({ role: 'photo', text: img.getAttribute('alt') ?? '', image: img.getAttribute('src') ?? '' });
    }
    if (tag === 'img') return;
    if (cls) {
      el.querySelectorAll('img').forEach((img) =>
        blocks.push({ role: 'photo', text: img.getAttribute('alt') ?? '', image: img.getAttribute('src') ?? '' }),
      );
      if (text(el)) blocks.push({ role: CLASS_ROLES[cls]!, text: text(el) });
      return;
    }
    if (/^h1$/.test(tag)) {
      if (text(el)) blocks.push({ role: 'headline', text: text(el) });
      return;
    }
    if (/^h[2-6]$/.test(tag)) {
      const f = formatted(el);
      if (f.text) blocks.push({ role: 'crosshead', ...f });
      return;
    }
    if (tag === 'figcaption') {
      if (text(el)) blocks.push({ role: 'caption', text: text(el) });
      return;
    }
    if (['p', 'li', 'pre', 'dt', 'dd'].includes(tag)) {
      const f = formatted(el);
      if (f.text) blocks.push({ role: 'paragraph', ...f });
      el.querySelectorAll('img').forEach((img) =>
        blocks.push({ role: 'photo', text: img.getAttribute('alt') ?? '', image: img.getAttribute('src') ?? '' }),
      );
      return;
    }
    for (const child of el.children) visit(child);
    // Bare text directly inside a container (a paste of plain lines) becomes paragraphs too.
    if (el.children.length === 0 && tag !== 'br' && text(el) && !['ul', 'ol', 'table', 'tr'].includes(tag)) {
      blocks.push({ role: 'paragraph', text: text(el) });
    }
  };
  for (const child of root.children) visit(child);
  return blocks;
}

export function importHtml(root: Element): ImportedStory[] {
  const blocks = blocksOf(root);
  const stories: ImportedStory[] = [];
  let parts: ImportPart[] = [];
  let warnings: ImportWarning[] = [];
  let hasBody = false;
  const flush = (): void => {
    if (parts.length === 0) return;
    const all = parts.map((p) => p.text).join('\n');
    if (!parts.some((p) => p.role === 'headline')) {
      warnings.push({
        line: parts[0]!.line,
        code: 'no-headline',
        message: 'no headline found',
        text: parts[0]!.text.slice(0, 40),
      });
    }
    stories.push({ language: detectLanguage(all), parts, warnings });
    parts = [];
    warnings = [];
    hasBody = false;
  };
  blocks.forEach((block, i) => {
    const line = i + 1;
    const last = parts.at(-1);
    if (block.role === 'headline' && hasBody) {
      // One short line just above the headline is its kicker (引题), not a story of its own.
      const only = parts.length === 1 ? parts[0]! : null;
      if (only?.role === 'paragraph' && only.text.length <= 40 && !/[。！？.!?]$/u.test(only.text)) {
        only.role = 'kicker';
        hasBody = false;
      } else flush();
    }
    if (block.role === 'caption') {
      if (last?.role === 'photo' && !last.text) {
        last.text = block.text;
        last.raw += block.text;
      } else parts.push({ role: 'paragraph', text: block.text, raw: block.text, line });
      return;
    }
    if (block.role === 'photo') {
      if (!block.image) {
        warnings.push({
          line,
          code: 'image-without-source',
          message: 'an image without a source was left out',
          text: block.text,
        });
        return;
      }
      parts.push({ role: 'photo', text: block.text, raw: block.text, line, image: block.image });
      hasBody = true;
      return;
    }
    let role = block.role;
    // An h2 straight under the headline is its subheadline (副题), not a cross-head.
    if (role === 'crosshead' && !hasBody && last?.role === 'headline') role = 'subheadline';
    const byline = role === 'paragraph' && !hasBody ? bylineName(block.text) : null;
    if (byline) {
      parts.push({ role: 'byline', text: byline, raw: block.text, line });
      return;
    }
    if (role === 'paragraph' && !parts.some((p) => p.role === 'paragraph')) {
      // The first paragraph may open with the dateline (本报讯, PORT HADLEY —).
      const zh = detectLanguage(block.text) === 'zh-Hans';
      const dateline = parts.some((p) => p.role === 'dateline')
        ? null
        : takeDateline(block.text, { zh, headingMax: zh ? 40 : 120 });
      if (dateline && block.text.length > dateline.length) {
        parts.push({ role: 'dateline', text: dateline.dateline, raw: dateline.raw, line });
        if (dateline.byline) parts.push({ role: 'byline', text: dateline.byline, raw: dateline.bylineRaw, line });
        const rest = block.text.slice(dateline.length);
        const inline = block.inline ? sliceRuns(block.inline, dateline.length) : undefined;
        parts.push({ role: 'paragraph', text: rest, raw: rest, line, ...(inline ? { inline } : {}) });
        hasBody = true;
        return;
      }
    }
    if (role === 'byline') {
      const name = block.text.replace(/^(?:By\s+|本报记者[\s\u3000]*|记者[\s\u3000]*)/u, '');
      parts.push({ role, text: name, raw: block.text, line });
      return;
    }
    if (role === 'paragraph' || role === 'crosshead') hasBody = true;
    parts.push({ role, text: block.text, raw: block.text, line, ...(block.inline ? { inline: block.inline } : {}) });
  });
  flush();
  return stories;
}
