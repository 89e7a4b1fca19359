import { randomUUID } from 'node:crypto';
import type { Library } from '../store/library';
import { ServiceError } from '../rpc/errors';
import { basename } from 'node:path';
import { recordEditionEvent } from '../store/edition-log';
import { type ExportProgress, type ExportResult, type PreflightOverride, exportEdition } from './export-edition';
import type { ExportJobStatus as ContractJobStatus } from '../../shared/ipc/export-status';
import type { ExportFormat, FormatExporter } from './types';

/**
 * Exports started from the app run in the background; the window asks for their state. A
 * job is kept until a while after it ends, so a window that polls late still sees its summary.
 */

/** A job's state as the contract reports it, less what the host adds (whether it can open folders). */
export type ExportJobStatus = Omit<ContractJobStatus, 'canOpenFolder'>;

interface Job {
  status: ExportJobStatus;
  controller: AbortController;
  finishedAt: number | null;
}

const KEEP_FINISHED_MS = 60 * 60 * 1000;
const MAX_RUNNING = 4;

export class ExportJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly options: {
      exporters: readonly FormatExporter[];
      appVersion: string;
    },
  ) {}

  start(
    library: Library,
    input: {
      editionId: string;
      formats: ExportFormat[];
      outDir: string;
      /** Blocking preflight problems the desk confirmed exporting over, and who confirmed. */
      preflightOverride?: PreflightOverride;
    },
  ): { jobId: string } {
    this.prune();
    const running = [...this.jobs.values()].filter((j) => !j.status.done).length;
    if (running >= MAX_RUNNING) {
      throw new ServiceError('conflict', 'Several exports are already running; wait for one to finish.');
    }
    const jobId = randomUUID();
    const controller = new AbortController();
    const formats = [...new Set(input.formats)];
    const job: Job = {
      controller,
      finishedAt: null,
      status: {
        jobId,
        editionId: input.editionId,
        done: false,
        cancelled: false,
        folder: null,
        error: null,
        formats: formats.map((format) => ({
          format,
          state: 'pending',
          done: 0,
          total: 0,
          message: null,
          files: 0,
          bytes: 0,
          validator: null,
          problems: [],
        })),
      },
    };
    this.jobs.set(jobId, job);
    const onProgress = (progress: ExportProgress) => {
      const entry = job.status.formats.find((f) => f.format === progress.format);
      if (!entry) return;
      entry.state = progress.state;
      entry.done = progress.done;
      entry.total = progress.total;
      entry.message = progress.message ?? null;
    };
    void exportEdition(library, input.editionId, {
      formats,
      outDir: input.outDir,
      exporters: this.options.exporters,
      signal: controller.signal,
      onProgress,
      appVersion: this.options.appVersion,
      preflightOverride: input.preflightOverride,
    })
      .then(async (result) => {
        const override = input.preflightOverride;
        if (override && !(result.cancelled && !Object.values(result.formats).some((f) => f.state === 'done'))) {
          // The override goes into the edition's history too, not only into the export's folder.
          await recordEditionEvent(library.root, input.editionId, {
            kind: 'export-over-preflight',
            at: result.exportedAt,
            by: override.by,
            folder: basename(result.folder),
            problems: override.problems,
          });
        }
        return result;
      })
      .then(
        (result) => this.finish(job, result),
        (error: unknown) => this.fail(job, error),
      )
      .finally(() => {
        job.status.done = true;
        job.finishedAt = Date.now();
      });
    return { jobId };
  }

  private finish(job: Job, result: ExportResult): void {
    job.status.cancelled = result.cancelled;
    const anyDone = Object.values(result.formats).some((f) => f.state === 'done');
    job.status.folder = result.cancelled && !anyDone ? null : result.folder;
    for (const entry of job.status.formats) {
      const outcome = result.formats[entry.format];
      if (!outcome) continue;
      entry.state = outcome.state;
      entry.files = outcome.files.length;
      entry.bytes = outcome.files.reduce((sum, f) => sum + f.bytes, 0);
      entry.validator = outcome.validation?.validator ?? null;
      entry.problems = (outcome.validation?.problems ?? []).slice(0, 50);
      if (outcome.error && outcome.state === 'failed') entry.message = outcome.error;
      if (outcome.state === 'done') entry.done = entry.total = Math.max(entry.total, entry.done);
    }
  }

  private fail(job: Job, error: unknown): void {
    const aborted = job.controller.signal.aborted;
    job.status.cancelled = aborted;
    job.status.error = aborted ? null : error instanceof Error ? error.message : String(error);
    for (const entry of job.status.formats) {
      if (entry.state !== 'done' && entry.state !== 'failed') entry.state = aborted ? 'cancelled' : 'failed';
    }
  }

  status(jobId: string): ExportJobStatus {
    const job = this.jobs.get(jobId);
    if (!job) throw new ServiceError('not-found', `There is no export ${jobId.slice(0, 64)}.`);
    return structuredClone(job.status);
  }

  cancel(jobId: string): { jobId: string; cancelled: boolean } {
    const job = this.jobs.get(jobId);
    if (!job) throw new ServiceError('not-found', `There is no export ${jobId.slice(0, 64)}.`);
    if (job.status.done) return { jobId, cancelled: false };
    job.controller.abort(new DOMException('The export was cancelled.', 'AbortError'));
    return { jobId, cancelled: true };
  }

  /** The finished export's folder, for opening it. */
  folderOf(jobId: string): string {
    const status = this.status(jobId);
    if (!status.folder) throw new ServiceError('not-found', 'This export has no folder.');
    return status.folder;
  }

  /** Cancels what runs (quitting, switching library) and waits for nothing. */
  cancelAll(): void {
    for (const job of this.jobs.values()) if (!job.status.done) job.controller.abort();
  }

  private prune(): void {
    const now = Date.now();
    for (const [id, job] of this.jobs) {
      if (job.finishedAt !== null && now - job.finishedAt > KEEP_FINISHED_MS) this.jobs.delete(id);
    }
  }
}
