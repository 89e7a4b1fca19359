import { execFile } from 'node:child_process';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EPUB_FILE } from '../../electron/export/epub';
import { runEpubcheck, stopEpubcheck, warmEpubcheck } from '../../electron/export/epubcheck';
import { exportEdition } from '../../electron/export/export-edition';
import { exporters, prepareExporters } from '../../electron/export/registry';
import { EXPORT_FORMATS } from '../../electron/export/types';
import { tempDir } from '../helpers/temp';
import { type Figure, median, round } from './figures';
import { sixteenPageEdition } from './edition-fixture';

const run = promisify(execFile);

const rss = async (pid: number | null): Promise<number> => {
  if (!pid) return Number.NaN;
  const { stdout } = await run('ps', ['-o', 'rss=', '-p', String(pid)]).catch(() => ({ stdout: '' }));
  return Number(stdout.trim()) / 1024;
};

/**
 * Export: a 16-page edition of 128 stories to every format (each validated), against the peer
 * baseline LibreOffice headless converting the same stories' DOCX files to PDF, in the same run.
 * The export is timed as the app runs it: its export dialog readies the exporters when it opens
 * (prepareExporters: modules loaded, EPUBCheck started and warmed), so that is done, and timed
 * on its own row, before the export starts; the export after it is timed from the click.
 */
export async function exportBench(): Promise<Figure[]> {
  const { dir, cleanup } = await tempDir('masthead-bench-export-');
  try {
    const { library, edition } = await sixteenPageEdition(dir);
    const out = join(dir, 'out');
    let t = performance.now();
    await prepareExporters(exporters, { library, editionId: edition.id });
    const prepared = performance.now() - t;
    const warmPid = warmEpubcheck()?.pid ?? null;
    if (!warmPid) console.error('bench: EPUBCheck could not be kept warm here (no javac?): the export checks it cold');
    // The median of three exports, each from the click as the dialog has readied it: the
    // first is the first in the process; the others are the desk exporting again.
    const times: number[] = [];
    let result!: Awaited<ReturnType<typeof exportEdition>>;
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      result = await exportEdition(library, edition.id, { formats: EXPORT_FORMATS, outDir: out, exporters });
      times.push(performance.now() - t);
      const failed = Object.entries(result.formats).filter(([, f]) => !f?.ok);
      if (failed.length) throw new Error(`export failed: ${failed.map(([name]) => name).join(', ')}`);
    }
    const all = median(times);
    console.error(`bench: exports with EPUBCheck warm took ${times.map((x) => (x / 1000).toFixed(1)).join(', ')} s`);
    const warmRss = await rss(warmEpubcheck()?.pid ?? null);
    const mainRss = process.memoryUsage().rss / 2 ** 20;
    // The same export with EPUBCheck cold, as an export started before the dialog's warm-up
    // ends checks it; second in this process, so its modules are loaded and its pages set.
    stopEpubcheck();
    t = performance.now();
    const coldResult = await exportEdition(library, edition.id, {
      formats: EXPORT_FORMATS,
      outDir: join(dir, 'out-cold'),
      exporters,
    });
    const cold = performance.now() - t;
    if (!Object.values(coldResult.formats).every((f) => f?.ok))
      throw new Error('the export with EPUBCheck cold failed');

    const docx = join(result.folder, 'docx');
    const files = (await readdir(docx)).filter((f) => f.endsWith('.docx'));
    const lo = join(dir, 'lo');
    await mkdir(lo);
    const name = `export a 16-page edition (${files.length} stories) to all 7 formats, validated`;
    t = performance.now();
    try {
      await run(
        'soffice',
        ['--headless', '--norestore', '--convert-to', 'pdf', '--outdir', lo, ...files.map((f) => join(docx, f))],
        {
          env: { ...process.env, HOME: join(dir, 'lo-home') },
          maxBuffer: 16 * 1024 * 1024,
        },
      );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      // Masthead's own figure stands; only the baseline needs LibreOffice.
      console.error(
        'bench: LibreOffice (soffice) is not installed, so the export baseline is not measured: apt-get install libreoffice-writer-nogui',
      );
      return [
        {
          name,
          value: round(all / 1000, 1),
          unit: 's',
          baseline: 'LibreOffice headless (DOCX to PDF): not installed, not measured',
          baselineValue: Number.NaN,
        },
      ];
    }
    const baseline = performance.now() - t;
    // The floor under the export's figure: EPUBCheck (a JVM starting and compiling its schemas,
    // about the same time for 2 stories as for 128) runs beside everything else, so no export
    // with the EPUB validated ends sooner than it does alone.
    t = performance.now();
    const epubcheck = await runEpubcheck(join(result.folder, 'epub', EPUB_FILE), EPUB_FILE);
    const epubcheckAlone = performance.now() - t;
    if (!epubcheck.ok) throw new Error(`EPUBCheck refused the bench edition: ${epubcheck.problems[0]?.message}`);
    return [
      {
        name: `${name}, EPUBCheck warm (the export dialog readied it; median of 3)`,
        value: round(all / 1000, 1),
        unit: 's',
        baseline: `LibreOffice headless: the ${files.length} DOCX to PDF only`,
        baselineValue: round(baseline / 1000, 1),
      },
      {
        name: `the same, EPUBCheck cold (second export in the process: modules loaded, pages set)`,
        value: round(cold / 1000, 1),
        unit: 's',
        baseline: 'LibreOffice headless, as above',
        baselineValue: round(baseline / 1000, 1),
      },
      {
        name: 'readying the export when its dialog opens (modules, EPUBCheck started and warmed): before the click',
        value: round(prepared / 1000, 1),
        unit: 's',
        baseline: 'LibreOffice headless, as above',
        baselineValue: round(baseline / 1000, 1),
      },
      {
        name: 'warm EPUBCheck JVM, resident memory after the export (stopped after 10 idle minutes)',
        value: Math.round(warmRss),
        unit: 'MB',
        baseline: 'the bench process itself (library, exporters loaded) at the same moment',
        baselineValue: Math.round(mainRss),
      },
      {
        name: "EPUBCheck alone, cold, on the same edition's EPUB (the floor of a cold export's time)",
        value: round(epubcheckAlone / 1000, 1),
        unit: 's',
        baseline: 'LibreOffice headless, as above',
        baselineValue: round(baseline / 1000, 1),
      },
    ];
  } finally {
    await cleanup();
  }
}
