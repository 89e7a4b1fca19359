import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormatsModule from 'ajv-formats';
import draft07MetaSchema from 'ajv/dist/refs/json-schema-draft-07.json' with { type: 'json' };
import { type Story, creditedContributors } from '../../shared/model/story';
import { renderStoryBodyHtml } from '../../shared/layout/story-html';
import { assetMime } from '../store/assets';
import {
  assetUri,
  bodyCounts,
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
 * ninjs 3.1 (IPTC's JSON news format): one `<story-id>.json` per story, an `edition.json`
 * that lists the pages and their stories, and the photos in `photos/`.
 *
 * Photos: the schema makes a rendition's `href` a URI (`format: uri`, so absolute), and a
 * consumer of an export folder has no base URL to resolve a file name against. So a
 * picture association carries its stable `urn:masthead:asset:` URI, its caption, credit,
 * type and size, and the file's place in the folder as an alternative id (role `file`,
 * `photos/<asset id>`); the HTML body's `<img src>` uses the same relative path, which is
 * what HTML consumers resolve against the story file.
 */

export const NINJS_VERSION = '3.1';
export const NINJS_SCHEMA_URI = 'http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json';
export const PHOTO_FOLDER = 'photos';
const EDITION_FILE = 'edition.json';

type Json = Record<string, unknown>;

const nonEmpty = <T>(items: T[]): T[] | undefined => (items.length ? items : undefined);

/** Drops undefined members so the JSON carries only what a story has. */
const compact = (object: Json): Json =>
  Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));

export const storyFileName = (story: Pick<Story, 'id'>): string => `${story.id}.json`;

const photoPath = (assetId: string): string => `${PHOTO_FOLDER}/${assetId}`;

function headlinesOf(story: Story): Json[] {
  const out: Json[] = [];
  if (story.kicker.trim()) out.push({ role: 'kicker', value: story.kicker });
  out.push({ role: 'main', value: story.headline });
  if (story.subheadline.trim()) out.push({ role: 'subheadline', value: story.subheadline });
  return out;
}

async function pictureAssociation(
  ctx: ExportContext,
  photo: ReturnType<typeof storyPhotos>[number],
  index: number,
  copied: ReadonlySet<string>,
  dir: string,
): Promise<Json> {
  const descriptions: Json[] = [];
  if (photo.caption.trim()) descriptions.push({ role: 'caption', contentType: 'text/plain', value: photo.caption });
  if (photo.alt.trim() && photo.alt !== photo.caption)
    descriptions.push({ role: 'alt', contentType: 'text/plain', value: photo.alt });
  let rendition: Json | undefined;
  if (copied.has(photo.asset)) {
    const size = (await stat(join(dir, photoPath(photo.asset)))).size;
    rendition = compact({
      name: 'original',
      contentType: assetMime(photo.asset),
      sizeInBytes: size,
      width: photo.width ?? undefined,
      height: photo.height ?? undefined,
    });
  }
  return compact({
    name: `photo-${index + 1}`,
    rel: 'photo',
    uri: assetUri(photo.asset),
    type: 'picture',
    representationType: 'partial',
    descriptions: nonEmpty(descriptions),
    by: photo.credit.trim() ? photo.credit : undefined,
    copyrightHolder: ctx.edition.publication,
    renditions: rendition ? [rendition] : undefined,
    altIds: copied.has(photo.asset) ? [{ role: 'file', value: photoPath(photo.asset) }] : undefined,
  });
}

/** One story as a ninjs 3.1 object. */
export async function storyToNinjs(
  ctx: ExportContext,
  story: Story,
  copied: ReadonlySet<string> = new Set(),
  dir = '',
): Promise<Json> {
  const counts = bodyCounts(story);
  const people = story.tags.filter((t) => t.kind === 'person');
  const organisations = story.tags.filter((t) => t.kind === 'organisation');
  const places = story.tags.filter((t) => t.kind === 'place');
  const located = datelinePlace(story.dateline);
  const photos = storyPhotos(story);
  const associations: Json[] = [];
  for (const [index, photo] of photos.entries())
    associations.push(await pictureAssociation(ctx, photo, index, copied, dir));
  const descriptions: Json[] = [];
  if (story.dateline.trim()) descriptions.push({ role: 'dateline', contentType: 'text/plain', value: story.dateline });
  return compact({
    standard: { name: 'ninjs', version: NINJS_VERSION, schema: NINJS_SCHEMA_URI },
    uri: storyUri(story),
    type: 'text',
    representationType: 'full',
    profile: photos.length ? 'text-photo' : 'text-only',
    version: String(storyVersion(story)),
    firstCreated: story.createdAt,
    versionCreated: story.updatedAt,
    contentCreated: story.createdAt,
    pubStatus: pubStatusOf(story),
    copyrightHolder: ctx.edition.publication,
    language: story.language,
    slugline: story.slug || undefined,
    headlines: headlinesOf(story),
    by: story.byline.trim() ? story.byline : undefined,
    located: located ?? undefined,
    descriptions: nonEmpty(descriptions),
    bodies: [
      {
        role: 'main',
        contentType: 'text/html',
        charCount: counts.charCount,
        wordCount: counts.wordCount,
        value: renderStoryBodyHtml(story.body, { assetUrl: photoPath }),
      },
    ],
    subjects: nonEmpty(story.tags.map((tag) => ({ name: tag.name, rel: tag.kind, uri: tagUri(tag) }))),
    // The people who made the story, each with their role (rel), then the people it is about.
    people: nonEmpty([
      ...creditedContributors(story).map((c) => ({ name: c.name, rel: c.role })),
      ...people.map((tag) => ({ name: tag.name, uri: tagUri(tag) })),
    ]),
    organisations: nonEmpty(organisations.map((tag) => ({ name: tag.name, uri: tagUri(tag) }))),
    places: nonEmpty(places.map((tag) => ({ name: tag.name, uri: tagUri(tag) }))),
    associations: nonEmpty(associations),
  });
}

/**
 * The edition as a ninjs composite: one association per page (a composite named by its
 * number and section, the only place ninjs has for page and section), each associating
 * the stories whose headline is on that page, in reading order.
 */
export function editionToNinjs(ctx: ExportContext): Json {
  const { edition } = ctx;
  const byId = new Map(ctx.stories.map((s) => [s.id, s]));
  const languages = [...new Set(ctx.stories.map((s) => s.language))];
  let storyIndex = 0;
  return compact({
    standard: { name: 'ninjs', version: NINJS_VERSION, schema: NINJS_SCHEMA_URI },
    uri: editionUri(edition.id),
    type: 'composite',
    representationType: 'partial',
    profile: 'edition',
    version: edition.updatedAt,
    firstCreated: edition.createdAt,
    versionCreated: edition.updatedAt,
    pubStatus: 'usable',
    copyrightHolder: edition.publication,
    language: languages.length === 1 ? languages[0] : undefined,
    title: `${edition.publication} ${edition.date} No. ${edition.issueNumber}`,
    headlines: [{ role: 'main', value: edition.publication }],
    descriptions: [
      { role: 'date', value: edition.date },
      { role: 'issue', value: String(edition.issueNumber) },
      { role: 'generator', value: `Masthead ${ctx.appVersion}, exported ${ctx.exportedAt}` },
    ],
    altIds: [{ role: 'issue', value: `${edition.date}/${edition.issueNumber}` }],
    associations: ctx.pages.map((page) =>
      compact({
        name: `page-${page.number}`,
        rel: 'page',
        uri: pageUri(edition.id, page.number),
        type: 'composite',
        representationType: 'partial',
        title: page.page.section ? `${page.number} ${page.page.section}` : String(page.number),
        altIds: [
          { role: 'page', value: String(page.number) },
          ...(page.page.section ? [{ role: 'section', value: page.page.section }] : []),
        ],
        associations: nonEmpty(
          page.storyIds.flatMap((id) => {
            const story = byId.get(id);
            if (!story) return [];
            storyIndex++;
            return [
              compact({
                name: `story-${storyIndex}`,
                rel: 'story',
                uri: storyUri(story),
                type: 'text',
                representationType: 'partial',
                version: String(storyVersion(story)),
                language: story.language,
                slugline: story.slug || undefined,
                headlines: headlinesOf(story),
                altIds: [{ role: 'file', value: storyFileName(story) }],
              }),
            ];
          }),
        ),
      }),
    ),
  });
}

async function writeNinjs(
  ctx: ExportContext,
  dir: string,
  signal: AbortSignal,
  progress: (done: number, total: number) => void,
): Promise<void> {
  const total = ctx.stories.length + 2;
  let done = 0;
  throwIfAborted(signal);
  const copied = await copyPhotos(ctx, ctx.stories, dir, PHOTO_FOLDER, signal);
  progress(++done, total);
  for (const story of ctx.stories) {
    throwIfAborted(signal);
    const json = await storyToNinjs(ctx, story, copied, dir);
    await writeWhole(join(dir, storyFileName(story)), `${JSON.stringify(json, null, 2)}\n`);
    progress(++done, total);
  }
  throwIfAborted(signal);
  await writeWhole(join(dir, EDITION_FILE), `${JSON.stringify(editionToNinjs(ctx), null, 2)}\n`);
  progress(total, total);
}

// ---------------------------------------------------------------------------------------
// Validation against the official schema, offline.

export type NinjsSchemaVersion = '3.0' | '3.1';

export interface NinjsValidator {
  /** The schema's complaints about `document`, one line each; empty when it is valid. */
  validate(document: unknown, version?: NinjsSchemaVersion): string[];
  /** Compiles the schema of `version` now, so the first document checked does not wait for it. */
  compile(version?: NinjsSchemaVersion): void;
}

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv2020,
) => void;

const describeError = (error: ErrorObject): string => {
  const where = error.instancePath || '/';
  const extra =
    error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties'
      ? ` (${String(
          (error.params as { additionalProperty?: string; unevaluatedProperty?: string }).additionalProperty ??
            (error.params as { unevaluatedProperty?: string }).unevaluatedProperty,
        )})`
      : '';
  return `${where} ${error.message ?? error.keyword}${extra}`;
};

const validators = new Map<string, NinjsValidator>();

/**
 * Ajv 2020-12 with formats, the ninjs 3.0 and 3.1 schemas and the draft-07 GeoJSON schema
 * they reference by $id, all read from the standards folder: nothing is fetched.
 */
export async function ninjsValidator(dir: string = standardsDir()): Promise<NinjsValidator> {
  const cached = validators.get(dir);
  if (cached) return cached;
  const read = async (name: string): Promise<Json> =>
    JSON.parse(await readFile(join(dir, 'ninjs', name), 'utf8')) as Json;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addMetaSchema(draft07MetaSchema);
  ajv.addSchema(await read('GeoJSON.json'));
  const schemas: Record<NinjsSchemaVersion, Json> = {
    '3.0': await read('ninjs-schema_3.0.json'),
    '3.1': await read('ninjs-schema_3.1.json'),
  };
  // Each schema is compiled when a document of its version is first checked: compiling one
  // costs a few hundred milliseconds, and an export only ever writes the newest version.
  const compiled = new Map<NinjsSchemaVersion, ValidateFunction>();
  const compile = (version: NinjsSchemaVersion): ValidateFunction => {
    let check = compiled.get(version);
    if (!check) compiled.set(version, (check = ajv.compile(schemas[version])));
    return check;
  };
  const validator: NinjsValidator = {
    validate(document, version = NINJS_VERSION) {
      const check = compile(version);
      return check(document) ? [] : (check.errors ?? []).map(describeError);
    },
    compile(version = NINJS_VERSION) {
      compile(version);
    },
  };
  validators.set(dir, validator);
  return validator;
}

/** The files an object's associations (at any depth) name by an alternative id with the role `file`. */
function namedFiles(document: unknown): string[] {
  const out: string[] = [];
  const walk = (object: unknown): void => {
    for (const association of ((object as Json | null)?.associations as Json[] | undefined) ?? []) {
      for (const altId of (association.altIds as Json[] | undefined) ?? [])
        if (altId.role === 'file' && typeof altId.value === 'string') out.push(altId.value);
      walk(association);
    }
  };
  walk(document);
  return out;
}

async function validateNinjs(ctx: ExportContext, dir: string): Promise<FormatValidation> {
  const validatorName = `ajv ninjs ${NINJS_VERSION} schema`;
  const problems: ValidationProblem[] = [];
  let validator: NinjsValidator;
  try {
    validator = await ninjsValidator();
  } catch (error) {
    return {
      ok: false,
      validator: validatorName,
      problems: [{ file: '.', message: (error as Error).message }],
    };
  }
  const files = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  const expected = [EDITION_FILE, ...ctx.stories.map(storyFileName)];
  for (const name of expected)
    if (!files.includes(name)) problems.push({ file: name, message: 'missing: the export did not write it' });
  for (const name of files) {
    let document: unknown;
    try {
      document = JSON.parse(await readFile(join(dir, name), 'utf8'));
    } catch (error) {
      problems.push({ file: name, message: `not JSON: ${(error as Error).message}` });
      continue;
    }
    for (const message of validator.validate(document)) problems.push({ file: name, message });
    // A photo or story the JSON names as a file must be in the folder.
    for (const file of namedFiles(document)) {
      const exists = await stat(join(dir, file)).then(
        () => true,
        () => false,
      );
      if (!exists) problems.push({ file: name, message: `names ${file}, which is not in the export` });
    }
  }
  return { ok: problems.length === 0, validator: validatorName, problems };
}

export const ninjsExporter: FormatExporter = {
  format: 'ninjs',
  write: writeNinjs,
  validate: validateNinjs,
  // The schema compiled while the export dialog is open (a few hundred milliseconds).
  async prepare() {
    (await ninjsValidator()).compile();
  },
};
