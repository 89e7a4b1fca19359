import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Story } from '../../shared/model/story';
import { storyBodyParagraphs } from '../../shared/layout/story-html';
import { bylineName } from '../../shared/import/text-page';
import { throwIfAborted, writeWhole } from './story-metadata';
import type { ExportContext, ExportPage, FormatExporter, FormatValidation, ValidationProblem } from './types';

/**
 * The edition as plain text (`edition.txt`), laid out like the page text in
 * ../shared/samples, so that importing it gives the stories back:
 * - blocks (the edition header, each page's header, each story) are separated by three blank lines;
 * - a story opens with its headline group, one line each (kicker, headline, subheadline; a
 *   Chinese subheadline after a —— dash, as Chinese pages print it), then the byline;
 * - the dateline leads the first paragraph (`本报讯 市委书记…`, `PORT HADLEY — The …`);
 * - paragraphs and cross-heads are separated by one blank line;
 * - a byline that is a bare name (林小雨) is printed at the end, as Chinese papers do.
 */

export const TEXT_FILE = 'edition.txt';
const BLOCK_SEPARATOR = '\n\n\n\n';

const zh = (language: Story['language']): boolean => language === 'zh-Hans';
const oneLine = (text: string, chinese: boolean): string =>
  text
    .replace(/\s*\n\s*/g, chinese ? '' : ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();

function pageLanguage(ctx: ExportContext, page: ExportPage): Story['language'] {
  const languages = page.storyIds.map((id) => ctx.stories.find((s) => s.id === id)?.language);
  const pool = languages.length ? languages : ctx.stories.map((s) => s.language);
  const chinese = pool.filter((l) => l === 'zh-Hans').length;
  return chinese * 2 >= pool.length && pool.length > 0 ? 'zh-Hans' : 'en';
}

function editionHeader(ctx: ExportContext): string {
  const { edition } = ctx;
  return `${edition.publication}\n${edition.date} No. ${edition.issueNumber}`;
}

function pageHeader(ctx: ExportContext, page: ExportPage): string {
  const section = page.page.section.trim();
  if (zh(pageLanguage(ctx, page))) return `第${page.number}版${section ? ` ${section}` : ''}`;
  return `Page ${page.number}${section ? ` · ${section}` : ''}`;
}

/** One story as the samples print it. */
export function storyText(story: Story): string {
  const chinese = zh(story.language);
  const head: string[] = [];
  if (story.kicker.trim()) head.push(oneLine(story.kicker, chinese));
  // A story without a headline is preflight's to report (empty-headline), not the exporter's to refuse.
  if (story.headline.trim()) head.push(oneLine(story.headline, chinese));
  if (story.subheadline.trim()) head.push(`${chinese ? '——' : ''}${oneLine(story.subheadline, chinese)}`);
  const chunks: string[] = [head.join('\n')];

  const byline = oneLine(story.byline, chinese);
  // A byline the reader can tell for one (本报记者 …, By …) sits under the head; a bare name closes the story.
  const bylineFirst = byline !== '' && bylineName(byline) !== null;
  if (bylineFirst) chunks.push(byline);

  let dateline = oneLine(story.dateline, chinese);
  if (dateline && !chinese && !/(?:—|–|--)$/.test(dateline)) dateline = `${dateline} —`;
  for (const block of storyBodyParagraphs(story.body)) {
    const text = oneLine(block.text, chinese);
    if (!text) continue;
    if (block.kind === 'caption') {
      chunks.push(chinese ? `【图】${text}` : `[Photo] ${text}`);
      continue;
    }
    if (dateline && block.kind === 'paragraph') {
      chunks.push(`${dateline} ${text}`);
      dateline = '';
      continue;
    }
    chunks.push(text);
  }
  // No paragraph to lead: the dateline stands under the head.
  if (dateline) chunks.splice(bylineFirst ? 2 : 1, 0, dateline);
  if (byline && !bylineFirst) chunks.push(byline);
  return chunks.join('\n\n');
}

export function editionText(ctx: ExportContext): string {
  const byId = new Map(ctx.stories.map((s) => [s.id, s]));
  const blocks: string[] = [editionHeader(ctx)];
  for (const page of ctx.pages) {
    blocks.push(pageHeader(ctx, page));
    for (const id of page.storyIds) {
      const story = byId.get(id);
      if (story) blocks.push(storyText(story));
    }
  }
  return `${blocks.join(BLOCK_SEPARATOR)}\n`;
}

async function writeText(
  ctx: ExportContext,
  dir: string,
  signal: AbortSignal,
  progress: (done: number, total: number) => void,
): Promise<void> {
  throwIfAborted(signal);
  progress(0, 1);
  await writeWhole(join(dir, TEXT_FILE), editionText(ctx));
  progress(1, 1);
}

async function validateText(ctx: ExportContext, dir: string): Promise<FormatValidation> {
  const validator = 'UTF-8 and headlines';
  const problems: ValidationProblem[] = [];
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, TEXT_FILE));
  } catch {
    return { ok: false, validator, problems: [{ file: TEXT_FILE, message: 'missing: the export did not write it' }] };
  }
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    problems.push({ file: TEXT_FILE, message: 'not valid UTF-8' });
  }
  if (text.trim() === '') problems.push({ file: TEXT_FILE, message: 'empty' });
  const lines = new Set(text.split('\n').map((l) => l.trim()));
  for (const story of ctx.stories) {
    const headline = oneLine(story.headline, zh(story.language));
    // No headline to look for: preflight names the story (empty-headline) before export.
    if (headline && !lines.has(headline))
      problems.push({ file: TEXT_FILE, message: `the headline of story ${story.id} (${headline}) is missing` });
  }
  return { ok: problems.length === 0, validator, problems };
}

export const textExporter: FormatExporter = {
  format: 'txt',
  write: writeText,
  validate: validateText,
};
