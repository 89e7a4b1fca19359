import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { ExportFormatState } from '../../shared/ipc/export-status';
import type { Library } from '../store/library';
import { processAlive } from '../store/lock';
import { ServiceError, describeIoError } from '../rpc/errors';
import { exportContext } from './context';
import { filesUnder } from './edition-site';
import { EXPORT_FORMATS, type ExportFormat, type FormatExporter, type FormatValidation } from './types';

/**
 * One "Export edition": every chosen format into one new folder, each written into a
 * temporary folder beside its final place, validated, and only then renamed into place. A
 * format that fails is reported and removed; the others go on. `manifest.json` at the end
 * lists every file with its size and SHA-256 and what validated it.
 */

export const MANIFEST_FILE = 'manifest.json';
const TEMP_PREFIX = '.tmp-';

export type FormatState = ExportFormatState;

export interface ExportProgress {
  format: ExportFormat;
  state: FormatState;
  /** Files (or steps) written so far and in all, while writing. */
  done: number;
  total: number;
  /** Why it failed, when it failed. */
  message?: string;
}

export interface ManifestFile {
  /** Relative to the export folder, with forward slashes: `html/index.html`. */
  path: string;
  bytes: number;
  sha256: string;
}

export interface ManifestFormat {
  ok: boolean;
  state: Extract<FormatState, 'done' | 'failed' | 'cancelled'>;
  /** The format's folder in the export folder, when it is there. */
  folder: string | null;
  files: ManifestFile[];
  validation: FormatValidation | null;
  /** What went wrong when writing failed (validation problems are in `validation`). */
  error: string | null;
}

export interface ExportManifest {
  manifestVersion: 1;
  edition: { id: string; date: string; publication: string; issueNumber: number };
  exportedAt: string;
  appVersion: string;
  /** Whether the export was cancelled before every format was finished. */
  cancelled: boolean;
  formats: Partial<Record<ExportFormat, ManifestFormat>>;
  /** Present when preflight found problems that block export and someone exported anyway. */
  preflightOverride?: PreflightOverride;
}

/** Blocking preflight problems exported over, with who confirmed it: kept in the manifest. */
export interface PreflightOverride {
  /** Who confirmed: the desk chief's name in the app, `masthead export --force` from the command line. */
  by: string;
  problems: { code: string; pageNumber: number; subject: string; description: string }[];
}

/** The manifest, and the folder the export is in (absolute; not written into the manifest itself). */
export type ExportResult = ExportManifest & { folder: string };

export interface ExportOptions {
  formats: readonly ExportFormat[];
  /** The folder the export's own folder is made in. */
  outDir: string;
  /** The exporters this build has; a chosen format without one fails as "not available". */
  exporters: readonly FormatExporter[];
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
  appVersion?: string;
  now?: () => Date;
  /** Also one PDF file per page. */
  pdfPages?: boolean;
  /** The blocking preflight problems this export goes ahead over (recorded in the manifest). */
  preflightOverride?: PreflightOverride;
}

/**
 * A file-name-safe slug: letters (any script) and digits kept, everything else one hyphen.
 * `../x`, `C:\`, dots and slashes cannot survive it, so the folder stays where it is put.
 */
export function slugify(text: string, fallback = 'edition'): string {
  const slug = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  const cut = [...slug].slice(0, 60).join('').replace(/-+$/, '');
  // Windows refuses a few device names as file names, with or without an extension.
  if (!cut || /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(cut)) return cut ? `${cut}-${fallback}` : fallback;
  return cut;
}

const stamp = (date: Date): string =>
  date
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const isAbort = (error: unknown, signal: AbortSignal | undefined): boolean =>
  Boolean(signal?.aborted) || (error as Error | undefined)?.name === 'AbortError';

/** What a writer's failure says, naming the file when the system named it. */
function describeFailure(error: unknown, tempDir: string, finalDir: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const path = (error as NodeJS.ErrnoException | undefined)?.path;
  const file =
    typeof path === 'string' && resolve(path).startsWith(resolve(tempDir) + sep)
      ? resolve(path)
          .slice(resolve(tempDir).length + 1)
          .split(sep)
          .join('/')
      : null;
  if (code && ['ENOSPC', 'EACCES', 'EPERM', 'EROFS', 'EDQUOT', 'EIO'].includes(code)) {
    return describeIoError(error, `write ${file ?? 'the files'} into ${finalDir}`).message;
  }
  const message = error instanceof Error ? error.message : String(error);
  return file && !message.includes(file) ? `${file}: ${message}` : message;
}

/**
 * An export is written into a hidden working folder beside its final place and renamed into
 * place only when its manifest is in it: a killed export leaves no visible folder without
 * `manifest.json`, only a hidden one that the next export into the same folder removes.
 */
const WORK_PREFIX = '.masthead-export-';

/** Removes hidden working folders of exports whose process is gone (killed, crashed). */
export async function removeExportLeftovers(outDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(outDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = /^\.masthead-export-(\d+)-/.exec(name)?.[1];
    if (!pid || processAlive(Number(pid))) continue;
    await rm(join(outDir, name), { recursive: true, force: true }).catch(() => undefined);
    removed.push(name);
  }
  return removed;
}

/** Makes the export's hidden working folder in `outDir`, after clearing what killed exports left there. */
async function makeWorkFolder(outDir: string): Promise<string> {
  const root = resolve(outDir);
  try {
    await mkdir(root, { recursive: true });
    await removeExportLeftovers(root);
    const folder = join(root, `${WORK_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
    await mkdir(folder);
    return folder;
  } catch (error) {
    throw describeIoError(error, `create the export folder ${root}`);
  }
}

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

/**
 * The folder the export will be renamed to, as far as can be known before it is written: what a
 * message shows the user (never the hidden working folder, which is gone by the time they look).
 */
async function plannedFolder(work: string, name: string): Promise<string> {
  const root = dirname(work);
  for (let n = 1; n < 1000; n++) {
    const folder = join(root, n === 1 ? name : `${name}-${n}`);
    if (!(await exists(folder))) return folder;
  }
  return join(root, name);
}

/** Renames the finished working folder into place; a second export in the same second gets a suffix. */
async function moveIntoPlace(work: string, name: string): Promise<string> {
  const root = dirname(work);
  for (let n = 1; n < 1000; n++) {
    const folder = join(root, n === 1 ? name : `${name}-${n}`);
    // The slug cannot hold a separator; this is the belt to its braces.
    if (!folder.startsWith(root + sep)) throw new ServiceError('invalid-input', `${name} would leave ${root}.`);
    // rename() replaces an empty folder of that name: look first, so nothing is ever replaced.
    if (await exists(folder)) continue;
    try {
      await rename(work, folder);
      return folder;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || code === 'ENOTEMPTY') continue;
      throw describeIoError(error, `move the export into ${folder}`);
    }
  }
  throw new ServiceError('conflict', `There are too many exports named ${name} in ${root}.`);
}

export async function exportEdition(
  library: Library,
  editionId: string,
  options: ExportOptions,
): Promise<ExportResult> {
  const { signal, onProgress } = options;
  const formats = EXPORT_FORMATS.filter((f) => options.formats.includes(f));
  if (formats.length === 0) throw new ServiceError('invalid-input', 'Choose at least one format to export.');
  signal?.throwIfAborted();
  const now = options.now?.() ?? new Date();
  const ctx = await exportContext(library, editionId, {
    appVersion: options.appVersion,
    now: () => now,
    pdfPages: options.pdfPages,
  });
  const { edition } = ctx;
  const name = `${slugify(edition.publication)}-${edition.date}-${stamp(now)}`;
  const folder = await makeWorkFolder(options.outDir);
  const shownFolder = await plannedFolder(folder, name);

  const manifest: ExportManifest = {
    manifestVersion: 1,
    edition: { id: edition.id, date: edition.date, publication: edition.publication, issueNumber: edition.issueNumber },
    exportedAt: ctx.exportedAt,
    appVersion: ctx.appVersion,
    cancelled: false,
    formats: {},
    ...(options.preflightOverride?.problems.length ? { preflightOverride: options.preflightOverride } : {}),
  };
  const report = (progress: ExportProgress) => {
    try {
      onProgress?.(progress);
    } catch {
      // A listener's failure is not the export's.
    }
  };
  for (const format of formats) report({ format, state: 'pending', done: 0, total: 0 });

  const cancelled = (format: ExportFormat): ManifestFormat => {
    report({ format, state: 'cancelled', done: 0, total: 0 });
    return { ok: false, state: 'cancelled', folder: null, files: [], validation: null, error: 'cancelled' };
  };

  /** A format that could not be written: reported, in the manifest with its reason, no files. */
  const failed = (format: ExportFormat, message: string, at: { done: number; total: number }): void => {
    report({ format, state: 'failed', ...at, message });
    manifest.formats[format] = {
      ok: false,
      state: 'failed',
      folder: null,
      files: [],
      validation: null,
      error: message,
    };
  };

  /** `validating` is called when the format's validation starts (or when it ends without one). */
  const exportOne = async (format: ExportFormat, validating: () => void = () => undefined): Promise<void> => {
    try {
      await writeAndValidate(format, validating);
    } finally {
      validating();
    }
  };

  const writeAndValidate = async (format: ExportFormat, validating: () => void): Promise<void> => {
    if (signal?.aborted) {
      manifest.formats[format] = cancelled(format);
      return;
    }
    const exporter = options.exporters.find((e) => e.format === format);
    if (!exporter) {
      failed(format, `The ${format} export is not available in this version of Masthead.`, { done: 0, total: 0 });
      return;
    }
    const finalDir = join(folder, format);
    const tempDir = join(folder, `${TEMP_PREFIX}${format}-${randomBytes(4).toString('hex')}`);
    let last = { done: 0, total: 0 };
    try {
      await mkdir(tempDir);
      report({ format, state: 'writing', done: 0, total: 0 });
      await exporter.write(ctx, tempDir, signal ?? new AbortController().signal, (done, total) => {
        last = { done, total };
        report({ format, state: 'writing', done, total });
      });
      signal?.throwIfAborted();
      report({ format, state: 'validating', ...last });
      const validation = await exporter.validate(ctx, tempDir, validating);
      signal?.throwIfAborted();
      if (!validation.ok) {
        await rm(tempDir, { recursive: true, force: true });
        const first = validation.problems[0];
        const message = first ? `${first.file}: ${first.message}` : `${validation.validator} refused it`;
        report({ format, state: 'failed', ...last, message });
        manifest.formats[format] = { ok: false, state: 'failed', folder: null, files: [], validation, error: null };
        return;
      }
      const relativeFiles = await filesUnder(tempDir);
      await rename(tempDir, finalDir);
      const files: ManifestFile[] = [];
      for (const file of relativeFiles) {
        const path = join(finalDir, ...file.split('/'));
        files.push({
          path: `${basename(finalDir)}/${file}`,
          bytes: (await stat(path)).size,
          sha256: await sha256Of(path),
        });
      }
      manifest.formats[format] = {
        ok: true,
        state: 'done',
        folder: basename(finalDir),
        files,
        validation,
        error: null,
      };
      report({ format, state: 'done', done: last.total || last.done, total: last.total });
    } catch (error) {
      await rm(tempDir, { recursive: true, force: true }).catch(() => undefined);
      await rm(finalDir, { recursive: true, force: true }).catch(() => undefined);
      if (isAbort(error, signal)) {
        manifest.formats[format] = cancelled(format);
        return;
      }
      failed(format, describeFailure(error, tempDir, join(shownFolder, format)), last);
    }
  };

  // EPUB first and alone until its validator is running: EPUBCheck, a Java process of its own,
  // is the longest step (about 4 s of one core whatever the book's size), and the others'
  // writing and checking (Node, xmllint, poppler) fit beside it on the other core. Started
  // together, the PDF's composing and the other formats' loading would hold Node's one thread
  // and start Java a second or more later. The manifest keeps the formats' order.
  const rest = formats.filter((format) => format !== 'epub');
  const running: Promise<void>[] = [];
  if (formats.includes('epub')) {
    let started!: () => void;
    const epubValidating = new Promise<void>((resolve) => (started = resolve));
    running.push(exportOne('epub', started));
    await epubValidating;
  }
  running.push(...rest.map((format) => exportOne(format)));
  await Promise.all(running);
  manifest.formats = Object.fromEntries(
    formats.filter((f) => manifest.formats[f]).map((f) => [f, manifest.formats[f]!]),
  ) as ExportManifest['formats'];

  manifest.cancelled = Object.values(manifest.formats).some((f) => f.state === 'cancelled');
  const anyDone = Object.values(manifest.formats).some((f) => f.state === 'done');
  if (manifest.cancelled && !anyDone) {
    // Cancelled before anything was finished: nothing of this export remains.
    await rm(folder, { recursive: true, force: true });
    return { ...manifest, folder };
  }
  try {
    await writeFile(join(folder, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  } catch (error) {
    await rm(folder, { recursive: true, force: true }).catch(() => undefined);
    throw describeIoError(error, `write ${MANIFEST_FILE} into ${shownFolder}`);
  }
  return { ...manifest, folder: await moveIntoPlace(folder, name) };
}

/** Whether every chosen format was written and validated. */
export const exportSucceeded = (manifest: ExportManifest): boolean =>
  !manifest.cancelled && Object.values(manifest.formats).every((f) => f.ok);
