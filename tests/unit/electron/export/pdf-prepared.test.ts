import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { exportContext } from '../../../../electron/export/context';
import { pdfExporter } from '../../../../electron/export/pdf';
import type { Library } from '../../../../electron/store/library';
import { tempDir } from '../../../helpers/temp';
import { SAMPLE_EDITION, exportLibrary } from './export-fixture';

/**
 * The export dialog has the PDF's pages set ahead (pdfExporter.prepare) and the export uses
 * that composer: what it prints must still be the edition as it is when the export starts.
 */

const run = promisify(execFile);
let dir: string;
let cleanup: () => Promise<void>;
let library: Library;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('masthead-pdf-prepared-'));
  ({ library } = await exportLibrary(dir));
}, 60_000);
afterAll(() => cleanup());

const printedText = async (out: string) =>
  (await run('pdftotext', ['-layout', join(out, 'edition.pdf'), '-'], { maxBuffer: 16 * 1024 * 1024 })).stdout.replace(
    /\s+/g,
    '',
  );

it(
  'prints a story edited after the dialog set the pages as it is now, not as it was set',
  { timeout: 120_000 },
  async () => {
    await pdfExporter.prepare!(await exportContext(library, SAMPLE_EDITION));
    const before = await library.getStory('sample-zh-riverside-library');
    await library.saveStory({
      id: before.id,
      baseRevision: before.revision,
      changes: { headline: '滨江图书馆周末延长开放' },
    });
    const out = join(dir, 'pdf');
    await mkdir(out);
    const ctx = await exportContext(library, SAMPLE_EDITION);
    await pdfExporter.write(ctx, out, new AbortController().signal, () => undefined);
    expect(await pdfExporter.validate(ctx, out)).toMatchObject({ ok: true });
    const text = await printedText(out);
    expect(text).toContain('滨江图书馆周末延长开放');
    expect(text).not.toContain(before.headline.replace(/\s+/g, ''));
  },
);
