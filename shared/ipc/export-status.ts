import { z } from 'zod';
import { Id } from '../model/common';

/**
 * The formats one "Export edition" can write, in the order an export runs them. The export
 * service (electron/export/types.ts) and the dialog both take the list from here.
 */
export const ExportFormatName = z.enum(['pdf', 'html', 'epub', 'ninjs', 'newsml', 'txt', 'docx']);
export type ExportFormatName = z.infer<typeof ExportFormatName>;

/** Where one format of an export is: the service reports it, the dialog shows it. */
export const ExportFormatState = z.enum(['pending', 'writing', 'validating', 'done', 'failed', 'cancelled']);
export type ExportFormatState = z.infer<typeof ExportFormatState>;

export const ExportJobId = z.uuid();

/** One blocking preflight problem the desk exports over, as the manifest and the edition's history keep it. */
export const OverriddenProblem = z
  .object({
    code: z.string().min(1).max(60),
    pageNumber: z.number().int().positive(),
    subject: z.string().max(400),
    /** The problem in words, as the desk read it when confirming. */
    description: z.string().max(1000),
  })
  .strict();
export type OverriddenProblem = z.infer<typeof OverriddenProblem>;

export const StartExportInput = z
  .object({
    editionId: Id,
    formats: z.array(ExportFormatName).min(1).max(ExportFormatName.options.length),
    /** An absolute folder to export into; by default `exports/` in the library folder. */
    outDir: z.string().min(1).max(4096).optional(),
    /**
     * The blocking preflight problems the desk chief confirmed exporting over: recorded in the
     * manifest and the edition's history, with who confirmed (the app's author name).
     */
    overriddenProblems: z.array(OverriddenProblem).min(1).max(1000).optional(),
  })
  .strict();

export const ExportFormatStatus = z.object({
  format: ExportFormatName,
  state: ExportFormatState,
  /** Steps written so far and in all, while writing. */
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** Why it failed, when it failed. */
  message: z.string().nullable(),
  files: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  /** What validated it ("epubcheck 4.2.6" …), once validated. */
  validator: z.string().nullable(),
  /** The validator's findings: errors when it failed, warnings when it passed. */
  problems: z.array(z.object({ file: z.string(), message: z.string() })),
});
export type ExportFormatStatus = z.infer<typeof ExportFormatStatus>;

export const ExportJobStatus = z.object({
  jobId: ExportJobId,
  editionId: Id,
  done: z.boolean(),
  cancelled: z.boolean(),
  /** The export's folder (absolute), once it is made. */
  folder: z.string().nullable(),
  formats: z.array(ExportFormatStatus),
  /** A failure of the whole export, not of one format. */
  error: z.string().nullable(),
  /** Whether this host can open the folder in the system's file manager. */
  canOpenFolder: z.boolean(),
});
export type ExportJobStatus = z.infer<typeof ExportJobStatus>;
