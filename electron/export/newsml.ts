import { execFile } from 'node:child_process';
import { access, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Story, type TagKind, creditedContributors } from '../../shared/model/story';
import { escapeHtml, renderStoryBodyHtml } from '../../shared/layout/story-html';
import { assetMime } from '../store/assets';
import {
  assetUri,
  copyPhotos,
  datelinePlace,
  editionUri,
  pageUri,
  pubStatusOf,
  storyPhotos,
  storyUri,
  storyVersion,
  tagUri,
  throwIfAborted,
  writeWhole,
} from './story-metadata';
import { standardsDir } from './standards';
import type { ExportContext, FormatExporter, FormatValidation, ValidationProblem } from './types';

/**
 * One NewsML-G2 2.35 newsMessage for the edition (`edition.xml`): a packageItem whose
 * groupSet has a group per page (in page order, each naming its section) referring to the
 * page's stories, then a newsItem per story with its headlines, dateline, byline, located,
 * subjects, language and the body as inline XHTML, and a picture newsItem per photo whose
 * remote content is the copied file in `photos/` (NewsML-G2 hrefs may be relative).
 *
 * Codes Masthead defines itself (headline roles, tag kinds, group roles) are declared in an
 * inline catalog, so every qcode resolves; IPTC's own (ninat:, stat:, cpnat:) come from the
 * IPTC catalog reference.
 */

export const NEWSML_FILE = 'edition.xml';
const PHOTO_FOLDER = 'photos';
const XSD_NAME = 'NewsML-G2_2.35-spec-All-Power.xsd';
const IPTC_CATALOG = 'http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_32.xml';
const ITEM_ATTRS = 'standard="NewsML-G2" standardversion="2.35" conformance="power"';

const x = escapeHtml;

const CATALOG = [
  '<catalog>',
  '<scheme alias="mhrole" uri="urn:masthead:cv:headline-role:"><name>Masthead headline roles</name></scheme>',
  '<scheme alias="mhgroup" uri="urn:masthead:cv:group-role:"><name>Masthead package groups</name></scheme>',
  '<scheme alias="mhtag" uri="urn:masthead:cv:tag-kind:"><name>Masthead tag kinds</name></scheme>',
  '<scheme alias="mhcrole" uri="urn:masthead:cv:creator-role:"><name>Masthead creator roles</name></scheme>',
  '</catalog>',
].join('');

const catalogs = `<catalogRef href="${IPTC_CATALOG}"/>${CATALOG}`;

/** Tags as IPTC concept natures: people, organisations and places are concepts of that nature; topics and keywords abstract. */
const CPNAT: Record<TagKind, string> = {
  person: 'cpnat:person',
  organisation: 'cpnat:organisation',
  place: 'cpnat:geoArea',
  topic: 'cpnat:abstract',
  keyword: 'cpnat:abstract',
};

const lang = (story: Pick<Story, 'language'>): string => story.language;
const photoGuid = (story: Story, index: number): string => `${storyUri(story)}:photo:${index + 1}`;

function headlines(story: Story): string {
  const out: string[] = [];
  if (story.kicker.trim()) out.push(`<headline role="mhrole:kicker">${x(story.kicker)}</headline>`);
  out.push(`<headline role="mhrole:main">${x(story.headline)}</headline>`);
  if (story.subheadline.trim()) out.push(`<headline role="mhrole:subheadline">${x(story.subheadline)}</headline>`);
  return out.join('');
}

function storyItem(ctx: ExportContext, story: Story): string {
  const place = datelinePlace(story.dateline);
  const photos = storyPhotos(story);
  const subjects = story.tags
    .map(
      (tag) =>
        `<subject type="${CPNAT[tag.kind]}" uri="${x(tagUri(tag))}" why="why:direct"><name>${x(tag.name)}</name>` +
        `<related rel="mhtag:kind" qcode="mhtag:${tag.kind}"/></subject>`,
    )
    .join('');
  const links = photos
    .map(
      (_, i) =>
        `<link rel="irel:seeAlso" residref="${x(photoGuid(story, i))}" contenttype="application/vnd.iptc.g2.newsitem+xml"/>`,
    )
    .join('');
  const body = renderStoryBodyHtml(story.body, { xhtml: true, assetUrl: (asset) => `${PHOTO_FOLDER}/${asset}` });
  const title = [story.kicker, story.headline, story.subheadline].filter((t) => t.trim()).join(' ');
  return [
    `<newsItem guid="${x(storyUri(story))}" version="${storyVersion(story)}" ${ITEM_ATTRS} xml:lang="${lang(story)}">`,
    catalogs,
    `<rightsInfo><copyrightHolder><name>${x(ctx.edition.publication)}</name></copyrightHolder></rightsInfo>`,
    '<itemMeta>',
    '<itemClass qcode="ninat:text"/>',
    `<provider><name>${x(ctx.edition.publication)}</name></provider>`,
    `<versionCreated>${story.updatedAt}</versionCreated>`,
    `<firstCreated>${story.createdAt}</firstCreated>`,
    `<pubStatus qcode="stat:${pubStatusOf(story)}"/>`,
    `<title>${x(story.slug || story.headline)}</title>`,
    links,
    '</itemMeta>',
    '<contentMeta>',
    `<contentCreated>${story.createdAt}</contentCreated>`,
    `<contentModified>${story.updatedAt}</contentModified>`,
    place ? `<located><name>${x(place)}</name></located>` : '',
    // Each person the byline names, with their role (记者 → reporter, 通讯员 → correspondent).
    ...creditedContributors(story).map((c) => `<creator role="mhcrole:${c.role}"><name>${x(c.name)}</name></creator>`),
    `<language tag="${lang(story)}"/>`,
    subjects,
    story.slug ? `<slugline>${x(story.slug)}</slugline>` : '',
    headlines(story),
    story.dateline.trim() ? `<dateline>${x(story.dateline)}</dateline>` : '',
    story.byline.trim() ? `<by>${x(story.byline)}</by>` : '',
    '</contentMeta>',
    '<contentSet>',
    '<inlineXML contenttype="application/xhtml+xml">',
    `<html xmlns="http://www.w3.org/1999/xhtml" lang="${lang(story)}" xml:lang="${lang(story)}">`,
    `<head><title>${x(title)}</title></head>`,
    `<body>${body}</body>`,
    '</html>',
    '</inlineXML>',
    '</contentSet>',
    '</newsItem>',
  ]
    .filter(Boolean)
    .join('\n');
}

async function pictureItems(ctx: ExportContext, story: Story, copied: ReadonlySet<string>, dir: string) {
  const items: string[] = [];
  for (const [index, photo] of storyPhotos(story).entries()) {
    if (!copied.has(photo.asset)) continue;
    const size = (await stat(join(dir, PHOTO_FOLDER, photo.asset))).size;
    const dims = `${photo.width ? ` width="${photo.width}"` : ''}${photo.height ? ` height="${photo.height}"` : ''}`;
    items.push(
      [
        `<newsItem guid="${x(photoGuid(story, index))}" version="${storyVersion(story)}" ${ITEM_ATTRS} xml:lang="${lang(story)}">`,
        catalogs,
        `<rightsInfo><copyrightHolder><name>${x(ctx.edition.publication)}</name></copyrightHolder></rightsInfo>`,
        '<itemMeta>',
        '<itemClass qcode="ninat:picture"/>',
        `<provider><name>${x(ctx.edition.publication)}</name></provider>`,
        `<versionCreated>${story.updatedAt}</versionCreated>`,
        `<pubStatus qcode="stat:${pubStatusOf(story)}"/>`,
        `<title>${x(photo.caption || photo.asset)}</title>`,
        '</itemMeta>',
        '<contentMeta>',
        photo.credit.trim() ? `<creator><name>${x(photo.credit)}</name></creator>` : '',
        `<altId type="mhtag:asset">${x(assetUri(photo.asset))}</altId>`,
        `<language tag="${lang(story)}"/>`,
        photo.credit.trim() ? `<by>${x(photo.credit)}</by>` : '',
        photo.caption.trim() ? `<description role="drol:caption">${x(photo.caption)}</description>` : '',
        '</contentMeta>',
        '<contentSet>',
        `<remoteContent href="${PHOTO_FOLDER}/${x(photo.asset)}" rendition="rnd:highRes" contenttype="${
          assetMime(photo.asset) ?? 'application/octet-stream'
        }" size="${size}"${dims}/>`,
        '</contentSet>',
        '</newsItem>',
      ].join('\n'),
    );
  }
  return items;
}

function packageItem(ctx: ExportContext): string {
  const { edition } = ctx;
  const byId = new Map(ctx.stories.map((s) => [s.id, s]));
  const pageGroups = ctx.pages.map((page) => {
    const refs = page.storyIds.flatMap((id) => {
      const story = byId.get(id);
      if (!story) return [];
      return [
        `<itemRef residref="${x(storyUri(story))}" version="${storyVersion(story)}" contenttype="application/vnd.iptc.g2.newsitem+xml">` +
          '<itemClass qcode="ninat:text"/>' +
          `<pubStatus qcode="stat:${pubStatusOf(story)}"/>` +
          `<title>${x(story.headline)}</title>` +
          '</itemRef>',
      ];
    });
    const label = `${page.number} ${page.page.section}`.trim();
    // A group holds only references: the page's number and section travel as the concept it refers to first.
    const section = `<conceptRef uri="${x(pageUri(edition.id, page.number))}"><name>${x(label)}</name></conceptRef>`;
    return `<group id="page-${page.number}" role="mhgroup:page" mode="pgrmod:seq">${section}${refs.join('')}</group>`;
  });
  const title = `${edition.publication} ${edition.date} No. ${edition.issueNumber}`;
  return [
    `<packageItem guid="${x(editionUri(edition.id))}" version="1" ${ITEM_ATTRS}>`,
    catalogs,
    `<rightsInfo><copyrightHolder><name>${x(edition.publication)}</name></copyrightHolder></rightsInfo>`,
    '<itemMeta>',
    '<itemClass qcode="ninat:composite"/>',
    `<provider><name>${x(edition.publication)}</name></provider>`,
    `<versionCreated>${edition.updatedAt}</versionCreated>`,
    `<firstCreated>${edition.createdAt}</firstCreated>`,
    '<pubStatus qcode="stat:usable"/>',
    `<generator versioninfo="${x(ctx.appVersion)}">Masthead</generator>`,
    `<title>${x(title)}</title>`,
    '</itemMeta>',
    '<contentMeta>',
    `<headline>${x(title)}</headline>`,
    '</contentMeta>',
    '<groupSet root="edition">',
    `<group id="edition" role="mhgroup:edition" mode="pgrmod:seq">${ctx.pages
      .map((page) => `<groupRef idref="page-${page.number}"/>`)
      .join('')}</group>`,
    ...pageGroups,
    '</groupSet>',
    '</packageItem>',
  ].join('\n');
}

export async function editionToNewsml(
  ctx: ExportContext,
  copied: ReadonlySet<string> = new Set(),
  dir = '',
): Promise<string> {
  const items: string[] = [packageItem(ctx)];
  for (const story of ctx.stories) {
    items.push(storyItem(ctx, story));
    items.push(...(await pictureItems(ctx, story, copied, dir)));
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">',
    '<header>',
    `<sent>${ctx.exportedAt}</sent>`,
    `<sender>${x(ctx.edition.publication)}</sender>`,
    `<transmitId>${x(`${editionUri(ctx.edition.id)}:${ctx.exportedAt}`)}</transmitId>`,
    '</header>',
    '<itemSet>',
    ...items,
    '</itemSet>',
    '</newsMessage>',
    '',
  ].join('\n');
}

async function writeNewsml(
  ctx: ExportContext,
  dir: string,
  signal: AbortSignal,
  progress: (done: number, total: number) => void,
): Promise<void> {
  throwIfAborted(signal);
  progress(0, 2);
  const copied = await copyPhotos(ctx, ctx.stories, dir, PHOTO_FOLDER, signal);
  progress(1, 2);
  throwIfAborted(signal);
  await writeWhole(join(dir, NEWSML_FILE), await editionToNewsml(ctx, copied, dir));
  progress(2, 2);
}

// ---------------------------------------------------------------------------------------
// Validation with xmllint against the official XSD, offline.

export interface XmllintResult {
  ok: boolean;
  /** xmllint's own messages, each with the file and line it names. */
  problems: ValidationProblem[];
}

/**
 * Runs `xmllint --noout --nonet --schema` on `files` from the schema's folder, so the XSD's
 * `schemaLocation="xml.xsd"` import resolves to the copy beside it and nothing is fetched.
 * Messages are reported with the file name relative to `baseDir` and xmllint's line number.
 */
export async function xmllintValidate(
  files: string[],
  baseDir: string,
  xsdDir: string = join(standardsDir(), 'newsml-g2'),
): Promise<XmllintResult> {
  const xsd = join(xsdDir, XSD_NAME);
  await access(xsd);
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    execFile(
      'xmllint',
      ['--noout', '--nonet', '--schema', xsd, ...files.map((f) => join(baseDir, f))],
      { cwd: xsdDir, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, XML_CATALOG_FILES: '' } },
      (error, _stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new Error('xmllint was not found: install libxml2-utils to validate NewsML-G2 exports.'));
          return;
        }
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr });
      },
    );
  });
  const problems: ValidationProblem[] = [];
  for (const line of stderr.split('\n')) {
    const text = line.trimEnd();
    if (!text.trim() || / validates$/.test(text)) continue;
    const file = files.find((f) => text.startsWith(`${join(baseDir, f)}:`) || text.startsWith(`${join(baseDir, f)} `));
    // A parser error is followed by the offending source line and a caret under it: context, not a problem.
    if (!file) {
      if (problems.length === 0) problems.push({ file: '.', message: text.trim() });
      continue;
    }
    if (/ fails to validate$/.test(text)) {
      if (!problems.some((p) => p.file === file)) problems.push({ file, message: 'fails to validate' });
      continue;
    }
    problems.push({ file, message: text.slice(join(baseDir, file).length + 1).trim() });
  }
  if (code !== 0 && problems.length === 0)
    problems.push({ file: '.', message: `xmllint exited with status ${code} and said nothing` });
  return { ok: code === 0 && problems.length === 0, problems };
}

async function validateNewsml(_ctx: ExportContext, dir: string): Promise<FormatValidation> {
  const validator = 'xmllint NewsML-G2 2.35 XSD';
  try {
    await access(join(dir, NEWSML_FILE));
  } catch {
    return { ok: false, validator, problems: [{ file: NEWSML_FILE, message: 'missing: the export did not write it' }] };
  }
  try {
    const result = await xmllintValidate([NEWSML_FILE], dir);
    return { ok: result.ok, validator, problems: result.problems };
  } catch (error) {
    return { ok: false, validator, problems: [{ file: NEWSML_FILE, message: (error as Error).message }] };
  }
}

export const newsmlExporter: FormatExporter = {
  format: 'newsml',
  write: writeNewsml,
  validate: validateNewsml,
};
