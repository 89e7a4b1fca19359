import { createHash } from 'node:crypto';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../../electron/rpc/dispatch';
import {
  type ExportManifest,
  type ExportProgress,
  MANIFEST_FILE,
  exportEdition,
  slugify,
} from '../../../../electron/export/export-edition';
import { htmlExporter } from '../../../../electron/export/html';
import type { FormatExporter } from '../../../../electron/export/types';
import type { Library } from '../../../../electron/store/library';
import type { ExportJobStatus } from '../../../../shared/ipc/export-status';
import { tempDir } from '../../../helpers/temp';
import { makeWorkspace } from '../rpc/workspace-fixture';
import { SAMPLE_EDITION, exportLibrary } from './export-fixture';

let dir: string;
let cleanup: () => Promise<void>;
let library: Library;
let outDir: string;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('masthead-export-'));
  ({ library } = await exportLibrary(dir));
  outDir = join(dir, 'out');
});
afterEach(() => cleanup());

/** A stand-in format that writes one file per story and passes. */
const plainExporter = (format: FormatExporter['format']): FormatExporter => ({
  format,
  async write(ctx, folder, signal, progress) {
    for (const [i, story] of ctx.stories.entries()) {
      signal.throwIfAborted();
      await writeFile(join(folder, `${story.id}.txt`), story.headline);
      progress(i + 1, ctx.stories.length);
    }
  },
  validate: async () => ({ ok: true, validator: 'test', problems: [] }),
});

/** Writes half its files, then throws. */
const throwingExporter: FormatExporter = {
  format: 'ninjs',
  async write(ctx, folder) {
    await writeFile(join(folder, 'half-written.json'), '{"uri":');
    throw new Error('the schema could not be loaded');
  },
  validate: async () => ({ ok: true, validator: 'never', problems: [] }),
};

/** Writes its files, which its validator then refuses. */
const invalidExporter: FormatExporter = {
  format: 'newsml',
  async write(_ctx, folder) {
    await writeFile(join(folder, 'edition.xml'), '<newsMessage>');
  },
  validate: async () => ({
    ok: false,
    validator: 'xmllint NewsML-G2 2.35 XSD',
    problems: [{ file: 'edition.xml', message: 'Premature end of data in tag newsMessage line 1' }],
  }),
};

async function filesIn(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

const allEntries = async (root: string) =>
  (await readdir(root, { recursive: true })).map((n) => n.split(sep).join('/'));

describe('exporting an edition', () => {
  it('writes every format into one folder and lists every file with its size and SHA-256', async () => {
    const events: ExportProgress[] = [];
    const result = await exportEdition(library, SAMPLE_EDITION, {
      formats: ['html', 'txt'],
      outDir,
      exporters: [htmlExporter, plainExporter('txt')],
      onProgress: (p) => events.push(p),
      appVersion: '1.2.3',
      now: () => new Date('2026-07-23T20:15:00Z'),
    });
    expect(result.folder).toBe(join(outDir, '滨江日报-binjiang-daily-2026-07-23-20260723-201500'));
    expect(await readdir(result.folder)).toEqual(['html', MANIFEST_FILE, 'txt']);

    const manifest = JSON.parse(await readFile(join(result.folder, MANIFEST_FILE), 'utf8')) as ExportManifest;
    expect(manifest).toMatchObject({
      edition: { id: SAMPLE_EDITION, date: '2026-07-23', publication: '滨江日报 Binjiang Daily', issueNumber: 12874 },
      exportedAt: '2026-07-23T20:15:00.000Z',
      appVersion: '1.2.3',
      cancelled: false,
    });
    expect(manifest.formats.html?.ok).toBe(true);
    expect(manifest.formats.html?.validation?.validator).toMatch(/parse5/);
    // Every file on disk is listed, with its real size and hash, and nothing else.
    const listed = Object.values(manifest.formats).flatMap((f) => f.files);
    expect(listed.map((f) => f.path).sort()).toEqual((await filesIn(result.folder)).filter((f) => f !== MANIFEST_FILE));
    for (const file of listed) {
      const bytes = await readFile(join(result.folder, file.path));
      expect(file.bytes, file.path).toBe(bytes.length);
      expect(file.sha256, file.path).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(listed.some((f) => /^html\/photos\/[0-9a-f]{64}\.png$/.test(f.path))).toBe(true);

    const states = (format: string) => events.filter((e) => e.format === format).map((e) => e.state);
    expect([...new Set(states('html'))]).toEqual(['pending', 'writing', 'validating', 'done']);
  });

  it('reports a format that throws or fails validation, keeps the others complete, and leaves no temp folder', async () => {
    const result = await exportEdition(library, SAMPLE_EDITION, {
      formats: ['pdf', 'html', 'ninjs', 'newsml', 'txt'],
      outDir,
      exporters: [htmlExporter, throwingExporter, invalidExporter, plainExporter('txt')],
    });
    expect(result.formats.ninjs).toMatchObject({ ok: false, state: 'failed', files: [], folder: null });
    expect(result.formats.ninjs?.error).toMatch(/the schema could not be loaded/);
    expect(result.formats.newsml).toMatchObject({ ok: false, state: 'failed' });
    expect(result.formats.newsml?.validation?.problems).toEqual([
      { file: 'edition.xml', message: 'Premature end of data in tag newsMessage line 1' },
    ]);
    expect(result.formats.pdf?.error).toMatch(/not available/);
    expect(result.formats.html?.ok).toBe(true);
    expect(result.formats.txt?.ok).toBe(true);
    expect((await filesIn(join(result.folder, 'txt'))).length).toBe(4);
    expect((await allEntries(result.folder)).filter((n) => n.includes('.tmp-'))).toEqual([]);
    expect(await readdir(result.folder)).toEqual(['html', MANIFEST_FILE, 'txt']);
  });

  it('names the folder and the disk problem when the disk is full', async () => {
    const full: FormatExporter = {
      ...plainExporter('docx'),
      async write(_ctx, folder) {
        throw Object.assign(new Error('ENOSPC: no space left on device'), {
          code: 'ENOSPC',
          path: join(folder, '01-story.docx'),
        });
      },
    };
    const result = await exportEdition(library, SAMPLE_EDITION, { formats: ['docx'], outDir, exporters: [full] });
    expect(result.formats.docx?.error).toBe(
      `Could not write 01-story.docx into ${join(result.folder, 'docx')}: the disk is full.`,
    );
    // An out folder under a file cannot be made: the message names it.
    await writeFile(join(dir, 'a-file'), 'x');
    await expect(
      exportEdition(library, SAMPLE_EDITION, { formats: ['txt'], outDir: join(dir, 'a-file', 'out'), exporters: [] }),
    ).rejects.toThrow(`Could not create the export folder ${join(dir, 'a-file', 'out')}`);
  });

  it('writes the EPUB first and the other formats while its validator runs in its own process', async () => {
    const order: string[] = [];
    let txtDone = () => {};
    const txtFinished = new Promise<void>((resolve) => (txtDone = resolve));
    const epub: FormatExporter = {
      format: 'epub',
      async write(ctx, folder) {
        order.push('epub written');
        await writeFile(join(folder, 'edition.epub'), 'x');
      },
      // As EPUBCheck: under way in a process of its own, finished only after the text is.
      async validate(ctx, dir, started) {
        order.push('epub validating');
        started?.();
        await txtFinished;
        order.push('epub validated');
        return { ok: true, validator: 'test', problems: [] };
      },
    };
    const txt: FormatExporter = {
      ...plainExporter('txt'),
      async write(ctx, folder, signal, progress) {
        order.push('txt writing');
        await plainExporter('txt').write(ctx, folder, signal, progress);
      },
    };
    const result = await exportEdition(library, SAMPLE_EDITION, {
      formats: ['txt', 'epub'],
      outDir,
      exporters: [txt, epub],
      onProgress: (p) => {
        if (p.format === 'txt' && p.state === 'done') txtDone();
      },
    });
    expect(order).toEqual(['epub written', 'epub validating', 'txt writing', 'epub validated']);
    // The manifest keeps the formats' own order.
    expect(Object.keys(result.formats)).toEqual(['epub', 'txt']);
    expect(Object.values(result.formats).every((f) => f.ok)).toBe(true);
  });

  it('on cancel keeps what was finished and removes what was not', async () => {
    const controller = new AbortController();
    // Formats are exported side by side (the EPUB first, the others once EPUBCheck runs): the
    // PDF is cancelled once the HTML is finished, while the text is still being written.
    let htmlDone = () => {};
    const html = new Promise<void>((resolve) => (htmlDone = resolve));
    const slow: FormatExporter = {
      ...plainExporter('pdf'),
      async write(ctx, folder, signal, progress) {
        await writeFile(join(folder, 'edition.pdf'), 'x');
        progress(1, 4);
        await html;
        controller.abort(new DOMException('The export was cancelled.', 'AbortError'));
        signal.throwIfAborted();
      },
    };
    const unfinished: FormatExporter = {
      ...plainExporter('txt'),
      async write(ctx, folder, signal) {
        await writeFile(join(folder, 'edition.txt'), 'half');
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        signal.throwIfAborted();
      },
    };
    const result = await exportEdition(library, SAMPLE_EDITION, {
      formats: ['pdf', 'html', 'txt'],
      outDir,
      exporters: [htmlExporter, slow, unfinished],
      signal: controller.signal,
      onProgress: (p) => {
        if (p.format === 'html' && p.state === 'done') htmlDone();
      },
    });
    expect(result.cancelled).toBe(true);
    expect(result.formats.html?.state).toBe('done');
    expect(result.formats.pdf?.state).toBe('cancelled');
    expect(result.formats.txt?.state).toBe('cancelled');
    expect(await readdir(result.folder)).toEqual(['html', MANIFEST_FILE]);
    expect((await allEntries(result.folder)).filter((n) => n.includes('.tmp-'))).toEqual([]);

    // Cancelled before anything was finished: no folder of this export remains.
    const early = new AbortController();
    const first: FormatExporter = { ...slow, format: 'html', write: async () => early.abort() };
    const none = await exportEdition(library, SAMPLE_EDITION, {
      formats: ['html', 'txt'],
      outDir: join(dir, 'out2'),
      exporters: [first, plainExporter('txt')],
      signal: early.signal,
    });
    expect(none.cancelled).toBe(true);
    expect(await readdir(join(dir, 'out2'))).toEqual([]);
  });

  it('keeps a hostile publication name inside the out folder', async () => {
    const edition = await library.getEdition(SAMPLE_EDITION);
    await library.saveEdition({
      edition: { ...edition, publication: '../../escaped/..\\x' },
      baseUpdatedAt: edition.updatedAt,
    });
    const result = await exportEdition(library, SAMPLE_EDITION, {
      formats: ['txt'],
      outDir,
      exporters: [plainExporter('txt')],
    });
    expect(resolve(result.folder).startsWith(resolve(outDir) + sep)).toBe(true);
    expect(relative(outDir, result.folder)).toMatch(/^escaped-x-2026-07-23-\d{8}-\d{6}$/);
    expect(await readdir(dir)).not.toContain('escaped');
    for (const [name, slug] of [
      ['..', 'edition'],
      ['', 'edition'],
      ['CON', 'con-edition'],
      ['滨江日报', '滨江日报'],
      ['A/B:C*D?', 'a-b-c-d'],
    ]) {
      expect(slugify(name!)).toBe(slug);
    }
  });

  it('gives two exports in the same second two folders', async () => {
    const now = () => new Date('2026-07-23T20:15:00Z');
    const options = { formats: ['txt'] as const, outDir, exporters: [plainExporter('txt')], now };
    const a = await exportEdition(library, SAMPLE_EDITION, options);
    const b = await exportEdition(library, SAMPLE_EDITION, options);
    expect(b.folder).toBe(`${a.folder}-2`);
  });

  it('refuses an edition that is not there, and takes an id, not a date', async () => {
    await expect(
      exportEdition(library, 'no-such-edition', { formats: ['txt'], outDir, exporters: [plainExporter('txt')] }),
    ).rejects.toThrow(/no edition no-such-edition/);
    // Dates are the command line's convenience (masthead export --edition 2026-07-23), resolved there.
    await expect(
      exportEdition(library, '2026-07-23', { formats: ['txt'], outDir, exporters: [plainExporter('txt')] }),
    ).rejects.toThrow(/no edition 2026-07-23/);
    await expect(stat(outDir)).rejects.toThrow();
  });
});

describe('exporting from the app', () => {
  it('runs in the background into exports/ in the library, with progress, and can be cancelled', async () => {
    const workspace = await makeWorkspace(dir);
    try {
      const handlers = workspace.handlers();
      const call = async <T>(method: string, input: unknown): Promise<T> => {
        const reply = await dispatch(handlers, method, input);
        if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
        return reply.value as T;
      };
      const { jobId } = await call<{ jobId: string }>('startExport', { editionId: SAMPLE_EDITION, formats: ['html'] });
      let status = await call<ExportJobStatus>('getExportStatus', { jobId });
      for (let i = 0; i < 200 && !status.done; i++) {
        await new Promise((r) => setTimeout(r, 50));
        status = await call<ExportJobStatus>('getExportStatus', { jobId });
      }
      expect(status).toMatchObject({ done: true, cancelled: false, error: null, canOpenFolder: false });
      expect(status.formats).toMatchObject([{ format: 'html', state: 'done', message: null }]);
      expect(status.formats[0]!.files).toBeGreaterThan(4);
      expect(status.folder!.startsWith(join(dir, 'library', 'exports') + sep)).toBe(true);
      expect(await readdir(status.folder!)).toEqual(['html', MANIFEST_FILE]);

      // Unknown jobs, relative folders and opening a folder in the web host are refused.
      const unknown = await dispatch(handlers, 'getExportStatus', { jobId: '00000000-0000-4000-8000-000000000000' });
      expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } });
      const relativeOut = await dispatch(handlers, 'startExport', {
        editionId: SAMPLE_EDITION,
        formats: ['html'],
        outDir: 'x',
      });
      expect(relativeOut).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      expect(await dispatch(handlers, 'openExportFolder', { jobId })).toMatchObject({
        ok: false,
        error: { code: 'unsupported' },
      });

      // Cancelled at once: nothing of it remains.
      const second = await call<{ jobId: string }>('startExport', {
        editionId: SAMPLE_EDITION,
        formats: ['html', 'epub'],
      });
      expect(await call('cancelExport', second)).toEqual({ jobId: second.jobId, cancelled: true });
      let cancelled = await call<ExportJobStatus>('getExportStatus', second);
      for (let i = 0; i < 200 && !cancelled.done; i++) {
        await new Promise((r) => setTimeout(r, 50));
        cancelled = await call<ExportJobStatus>('getExportStatus', second);
      }
      expect(cancelled).toMatchObject({ done: true, cancelled: true, folder: null });
      expect(cancelled.formats.map((f) => f.state)).toEqual(['cancelled', 'cancelled']);
      expect(await readdir(join(dir, 'library', 'exports'))).toHaveLength(1);
    } finally {
      await workspace.close();
    }
  });
});
