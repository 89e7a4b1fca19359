import { ExportFormatName } from '../../shared/ipc/export-status';
import type { Edition, Page } from '../../shared/model/edition';
import type { Story } from '../../shared/model/story';

/**
 * What every export format is written from. Built once per export by `exportContext` from the
 * library: the edition, the stories placed on it (each once, in reading order: page order, then
 * top to bottom, left to right), and where the photos are on disk.
 */
export const EXPORT_FORMATS = ExportFormatName.options;
export type ExportFormat = ExportFormatName;

export interface ExportPage {
  page: Page;
  /** The page's number by its position in the edition (1-based). */
  number: number;
  /** Ids of the stories whose first block (the one with the headline) is on this page, in reading order. */
  storyIds: string[];
}

export interface ExportContext {
  edition: Edition;
  pages: ExportPage[];
  /** Every story placed in the edition, once, in reading order. */
  stories: Story[];
  /** The absolute path of a photo asset in the library, or null when the file is missing. */
  assetPath: (assetId: string) => Promise<string | null>;
  /** When the export was made (ISO 8601), for metadata. */
  exportedAt: string;
  /** The app's version, for generator metadata. */
  appVersion: string;
  /** Also one PDF per page beside the edition's (off by default: it prints every page twice). */
  pdfPages?: boolean;
}

export interface ValidationProblem {
  /** The file, relative to the format's folder. */
  file: string;
  message: string;
}

export interface FormatValidation {
  ok: boolean;
  /** What checked it: "ajv ninjs 3.1 schema", "xmllint NewsML-G2 2.35 XSD", "epubcheck" … */
  validator: string;
  problems: ValidationProblem[];
}

/**
 * One format: write into `dir` (a fresh temporary folder), then validate what was written.
 * A writer checks `signal` between files and throws its reason when aborted.
 */
export interface FormatExporter {
  format: ExportFormat;
  write(
    ctx: ExportContext,
    dir: string,
    signal: AbortSignal,
    progress: (done: number, total: number) => void,
  ): Promise<void>;
  /**
   * `started` is called once a validator running in a process of its own (EPUBCheck) is under
   * way, so the export can go on with other work beside it.
   */
  validate(ctx: ExportContext, dir: string, started?: () => void): Promise<FormatValidation>;
  /**
   * Gets ready for an export that is about to come (the export dialog is open): loads the
   * format's modules, starts a validator that is slow to start, sets the edition's pages
   * (`ctx`, when the edition is known). Optional; never required.
   */
  prepare?(ctx?: ExportContext): Promise<void>;
}
