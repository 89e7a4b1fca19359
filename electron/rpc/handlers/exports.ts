import { isAbsolute, join, resolve, sep } from 'node:path';
import { ExportJobs } from '../../export/export-jobs';
import { stopEpubcheck } from '../../export/epubcheck';
import { exporters, prepareExporters } from '../../export/registry';
import type { Handlers } from '../dispatch';
import { ServiceError } from '../errors';
import type { Session } from './session';

type ExportMethod = 'prepareExport' | 'startExport' | 'getExportStatus' | 'cancelExport' | 'openExportFolder';

/**
 * Exports started from the window, running in the background while the window polls. They
 * go only where the user chose: the library's exports/ folder, or a folder picked in this
 * session's dialog; a page (or anything that can reach the web host) cannot name another.
 */
export class Exports {
  private jobs: ExportJobs | null = null;

  constructor(private readonly session: Session) {}

  private get running(): ExportJobs {
    return (this.jobs ??= new ExportJobs({
      exporters: this.session.options.exporters ?? exporters,
      appVersion: this.session.options.version,
    }));
  }

  /** Cancels every export still running and stops the warm EPUBCheck (the workspace is closing). */
  cancelAll(): void {
    this.jobs?.cancelAll();
    stopEpubcheck();
  }

  private mayExportInto(outDir: string): boolean {
    const target = resolve(outDir);
    const inside = (folder: string) => target === folder || target.startsWith(folder + sep);
    return inside(join(this.session.current.root, 'exports')) || [...this.session.chosenFolders].some(inside);
  }

  handlers(): Pick<Handlers, ExportMethod> {
    const { session } = this;
    return {
      prepareExport: ({ editionId }) => {
        // In the background: the dialog does not wait, and an export started meanwhile uses
        // whatever is ready by then (the warm EPUBCheck, once it is).
        void prepareExporters(session.options.exporters ?? exporters, { library: session.current, editionId });
        return { preparing: true };
      },
      startExport: ({ editionId, formats, outDir, overriddenProblems }) => {
        if (outDir !== undefined && !isAbsolute(outDir)) {
          throw new ServiceError('invalid-input', 'The export folder must be an absolute path.');
        }
        if (outDir !== undefined && !this.mayExportInto(outDir)) {
          throw new ServiceError(
            'invalid-input',
            `Masthead exports only into the library's exports folder or a folder you chose in this session, not ${outDir}.`,
          );
        }
        // Beside the library's data, like backups/; never inside the data folders themselves.
        return this.running.start(session.current, {
          editionId,
          formats,
          outDir: outDir ?? join(session.current.root, 'exports'),
          // Who confirmed: the name the desk chief set in Settings (it signs their saves too).
          preflightOverride: overriddenProblems
            ? { by: session.settings.get().authorName || 'Masthead', problems: overriddenProblems }
            : undefined,
        });
      },
      getExportStatus: ({ jobId }) => ({
        ...this.running.status(jobId),
        canOpenFolder: Boolean(session.options.openFolder),
      }),
      cancelExport: ({ jobId }) => this.running.cancel(jobId),
      openExportFolder: async ({ jobId }) => {
        const { openFolder } = session.options;
        if (!openFolder) throw new ServiceError('unsupported', 'This host cannot open a folder.');
        await openFolder(this.running.folderOf(jobId));
        return { opened: true };
      },
    };
  }
}
