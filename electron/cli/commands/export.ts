import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeProblem } from '../../../shared/layout/preflight';
import {
  type ExportProgress,
  type ExportResult,
  type PreflightOverride,
  exportEdition,
  exportSucceeded,
} from '../../export/export-edition';
import { checkEdition } from '../../layout/edition-check';
import { exporters as defaultExporters } from '../../export/registry';
import { EXPORT_FORMATS, type ExportFormat, type FormatExporter } from '../../export/types';
import { packageVersion, projectRoot } from '../../store/paths';
import { type Command, findEdition, openLibrary, usageError } from './common';

/** From the source tree (electron/cli/commands) or the built CLI (out/cli), whichever this is. */
const appVersion = (): string => {
  const fromSource = packageVersion(projectRoot(import.meta.dirname, 3));
  return fromSource !== '0.0.0' ? fromSource : packageVersion(projectRoot(import.meta.dirname, 2));
};

const size = (bytes: number): string =>
  bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

const STATE_WORDS: Record<ExportProgress['state'], string> = {
  pending: 'waiting',
  writing: 'writing',
  validating: 'validating',
  done: 'done',
  failed: 'FAILED',
  cancelled: 'cancelled',
};

export function parseFormats(value: string | undefined, available: readonly FormatExporter[]): ExportFormat[] {
  if (value === undefined || value.trim() === '' || value === 'all') {
    return EXPORT_FORMATS.filter((f) => available.some((e) => e.format === f));
  }
  const formats = value.split(',').map((f) => f.trim().toLowerCase());
  const unknown = formats.filter((f) => !(EXPORT_FORMATS as readonly string[]).includes(f));
  if (unknown.length) {
    throw usageError(`unknown format ${unknown.join(', ')}: choose from ${EXPORT_FORMATS.join(',')}`);
  }
  return [...new Set(formats)] as ExportFormat[];
}

function summary(result: ExportResult): string[] {
  const lines = [`exported to ${result.folder}`];
  for (const [format, outcome] of Object.entries(result.formats)) {
    const bytes = outcome.files.reduce((sum, f) => sum + f.bytes, 0);
    if (outcome.ok) {
      const warnings = outcome.validation?.problems.length ?? 0;
      lines.push(
        `  ${format.padEnd(7)} ok      ${outcome.files.length} file(s), ${size(bytes)}, validated by ${
          outcome.validation?.validator ?? '—'
        }${warnings ? `, ${warnings} warning(s)` : ''}`,
      );
      for (const p of outcome.validation?.problems.slice(0, 10) ?? [])
        lines.push(`            ${p.file}: ${p.message}`);
    } else if (outcome.state === 'cancelled') {
      lines.push(`  ${format.padEnd(7)} cancelled`);
    } else {
      lines.push(
        `  ${format.padEnd(7)} FAILED  ${outcome.error ?? `not valid (${outcome.validation?.validator ?? ''})`}`,
      );
      for (const p of outcome.validation?.problems.slice(0, 20) ?? [])
        lines.push(`            ${p.file}: ${p.message}`);
      const more = (outcome.validation?.problems.length ?? 0) - 20;
      if (more > 0) lines.push(`            … and ${more} more`);
    }
  }
  return lines;
}

/** `masthead export`: an edition in every chosen format, validated, into one new folder. */
export function makeExportCommand(exporters: readonly FormatExporter[] = defaultExporters): Command {
  return {
    name: 'export',
    usage: `  export --edition DATE|ID [--library DIR] [--format pdf,html,epub,ninjs,newsml,txt,docx]
         [--out DIR] [--pdf-pages] [--force] [--json]
                  export an edition (by id, or the newest of a date YYYY-MM-DD) into a new
                  folder in DIR (default: DIR-of-library/exports); every format is validated;
                  exits 1 when any format failed; --pdf-pages adds one PDF per page;
                  refuses (exit 1, nothing written) when preflight finds problems that
                  block export, unless --force (the manifest then records them)`,
    run: async (args, io, defaultLibrary) => {
      const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: {
          edition: { type: 'string' },
          library: { type: 'string' },
          format: { type: 'string' },
          out: { type: 'string' },
          'pdf-pages': { type: 'boolean', default: false },
          force: { type: 'boolean', default: false },
          json: { type: 'boolean', default: false },
        },
        strict: true,
      });
      if (positionals.length) throw usageError(`unexpected argument ${positionals[0]}`);
      if (!values.edition) throw usageError('export needs --edition DATE or --edition ID');
      const formats = parseFormats(values.format, exporters);
      if (formats.length === 0) throw usageError('no format to export');
      // Reading needs no lock: an edition can be exported while the app has the library open.
      const { root, library } = await openLibrary(values.library, defaultLibrary);
      const outDir = resolve(values.out ?? join(root, 'exports'));

      // Preflight first, as the app's export dialog does: what blocks export stops it here,
      // before anything is written, unless the desk says --force (then the manifest says so).
      const editionId = await findEdition(library, values.edition);
      const check = await checkEdition(library, editionId);
      const blocking = check.report.problems.filter((p) => p.severity === 'blocking');
      if (blocking.length && !values.force) {
        io.err(
          [
            `masthead: ${blocking.length} preflight ${blocking.length === 1 ? 'problem blocks' : 'problems block'} this export; nothing was written:`,
            ...blocking.map((p) => `  ${describeProblem(p)}`),
            'Fix them (masthead check shows them all), or export anyway with --force: the manifest then records each one.',
          ].join('\n'),
        );
        return 1;
      }
      const preflightOverride: PreflightOverride | undefined = blocking.length
        ? {
            by: 'masthead export --force',
            problems: blocking.map((p) => ({
              code: p.code,
              pageNumber: p.pageNumber,
              subject: p.subject,
              description: describeProblem(p),
            })),
          }
        : undefined;
      if (preflightOverride && !values.json) {
        io.err(
          `masthead: exporting over ${blocking.length} blocking preflight problem(s) (--force); the manifest records them.`,
        );
      }

      const controller = new AbortController();
      const onSignal = () => controller.abort(new DOMException('The export was interrupted.', 'AbortError'));
      process.once('SIGINT', onSignal);
      let lastState = new Map<ExportFormat, string>();
      try {
        const result = await exportEdition(library, editionId, {
          formats,
          outDir,
          exporters,
          signal: controller.signal,
          appVersion: appVersion(),
          pdfPages: values['pdf-pages'],
          preflightOverride,
          onProgress: (p) => {
            if (values.json || p.state === 'pending') return;
            // One line per change of state, not per file.
            if (lastState.get(p.format) === p.state) return;
            lastState = new Map(lastState).set(p.format, p.state);
            const counts = p.state === 'validating' && p.total ? ` (${p.total} step(s) written)` : '';
            io.out(`${p.format.padEnd(7)} ${STATE_WORDS[p.state]}${counts}${p.message ? `: ${p.message}` : ''}`);
          },
        });
        if (values.json) io.out(JSON.stringify(result, null, 2));
        else for (const line of summary(result)) io.out(line);
        if (result.cancelled) io.err('masthead: the export was cancelled.');
        return exportSucceeded(result) ? 0 : 1;
      } finally {
        process.removeListener('SIGINT', onSignal);
      }
    },
  };
}

export const exportCommand: Command = makeExportCommand();
