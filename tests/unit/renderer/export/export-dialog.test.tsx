// @vitest-environment jsdom
import { act } from 'react';
import { type Root, createRoot } from 'react-dom/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MastheadApi } from '../../../../shared/ipc/contract';
import type { ExportFormatStatus, ExportJobStatus } from '../../../../shared/ipc/export-status';
import type { PreflightProblem } from '../../../../shared/layout/preflight';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean;
}

const { prepareExport, startExport, getExportStatus, cancelExport, openExportFolder } = vi.hoisted(() => ({
  prepareExport: vi.fn<MastheadApi['prepareExport']>(),
  startExport: vi.fn<MastheadApi['startExport']>(),
  getExportStatus: vi.fn<MastheadApi['getExportStatus']>(),
  cancelExport: vi.fn<MastheadApi['cancelExport']>(),
  openExportFolder: vi.fn<MastheadApi['openExportFolder']>(),
}));
vi.mock('../../../../renderer/src/api/client', () => ({
  api: { prepareExport, startExport, getExportStatus, cancelExport, openExportFolder },
}));

let ExportDialog: typeof import('../../../../renderer/src/features/export/export-dialog').ExportDialog;
let container: HTMLElement;
let root: Root;
const JOB = '5b0c1f3e-8a53-4b1e-9a61-0c1d2e3f4a5b';
const FOLDER = '/library/exports/binjiang-daily-2026-07-23-20260723-201500';

const format = (over: Partial<ExportFormatStatus> & Pick<ExportFormatStatus, 'format'>): ExportFormatStatus => ({
  state: 'pending',
  done: 0,
  total: 0,
  message: null,
  files: 0,
  bytes: 0,
  validator: null,
  problems: [],
  ...over,
});

const job = (over: Partial<ExportJobStatus>): ExportJobStatus => ({
  jobId: JOB,
  editionId: 'ed-1',
  done: false,
  cancelled: false,
  folder: null,
  formats: [],
  error: null,
  canOpenFolder: false,
  ...over,
});

beforeAll(async () => {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  const { default: i18n } = await import('../../../../renderer/src/i18n');
  await i18n.changeLanguage('en');
  ({ ExportDialog } = await import('../../../../renderer/src/features/export/export-dialog'));
});

beforeEach(() => {
  vi.clearAllMocks();
  prepareExport.mockResolvedValue({ preparing: true });
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});
afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

const wait = (ms = 0) => act(() => new Promise((r) => setTimeout(r, ms)));
const button = (name: RegExp) =>
  [...container.querySelectorAll('button')].find((b) => name.test(b.textContent ?? '')) ?? null;

describe('the export dialog', () => {
  it('readies the export (EPUBCheck warm) as soon as it opens, once, before anything is chosen', async () => {
    act(() => root.render(<ExportDialog editionId="ed-1" onClose={() => undefined} />));
    await wait();
    expect(prepareExport).toHaveBeenCalledTimes(1);
    expect(prepareExport).toHaveBeenCalledWith({ editionId: 'ed-1' });
    expect(startExport).not.toHaveBeenCalled();
  });

  it('exports the chosen formats with a progress bar each, then shows what was written and where', async () => {
    startExport.mockResolvedValue({ jobId: JOB });
    getExportStatus
      .mockResolvedValueOnce(
        job({
          formats: [
            format({ format: 'html', state: 'writing', done: 3, total: 6 }),
            format({ format: 'epub', state: 'pending' }),
          ],
        }),
      )
      .mockResolvedValue(
        job({
          done: true,
          folder: FOLDER,
          formats: [
            format({ format: 'html', state: 'done', done: 6, total: 6, files: 6, bytes: 15_000, validator: 'jsdom' }),
            format({
              format: 'epub',
              state: 'failed',
              validator: 'epubcheck',
              message: 'edition.epub: EPUBCheck is not installed',
              problems: [{ file: 'edition.epub', message: 'EPUBCheck is not installed' }],
            }),
          ],
        }),
      );
    cancelExport.mockResolvedValue({ jobId: JOB, cancelled: true });
    await act(async () => root.render(<ExportDialog editionId="ed-1" onClose={() => undefined} />));

    const boxes = [...container.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
    // Every checkbox is named by its label.
    expect(boxes.map((b) => b.closest('label')?.querySelector('.export-dialog__format-name')?.textContent)).toEqual([
      'PDF',
      'HTML',
      'EPUB 3',
      'ninjs 3.1',
      'NewsML-G2',
      'Plain text',
      'Word (DOCX)',
    ]);
    for (const box of boxes) {
      const name = box.closest('label')!.querySelector('.export-dialog__format-name')!.textContent;
      if (name !== 'HTML' && name !== 'EPUB 3') await act(async () => box.click());
    }
    await act(async () => button(/^Start export$/)!.click());
    expect(startExport).toHaveBeenCalledWith({ editionId: 'ed-1', formats: ['html', 'epub'] });
    await wait();

    // Running: one named progress bar per format, and a cancel button.
    const bars = [...container.querySelectorAll('progress')];
    expect(bars.map((b) => b.getAttribute('aria-label'))).toEqual(['HTML progress', 'EPUB 3 progress']);
    expect(bars[0]!.getAttribute('value')).toBe('0.5');
    expect(button(/^Cancel export$/)).not.toBeNull();
    expect(container.querySelector('fieldset')?.disabled).toBe(true);

    await wait(450);
    const summary = container.querySelector('.export-dialog__summary')!;
    expect(summary.querySelector('[role="status"]')?.textContent).toBe(
      '1 exported, 1 failed. The formats that failed left nothing behind.',
    );
    expect(summary.textContent).toContain('6 files, 15 KB');
    expect(summary.textContent).toContain('validated by jsdom');
    expect(summary.textContent).toContain('EPUBCheck is not installed');
    expect(summary.querySelector('.export-dialog__path')?.textContent).toBe(FOLDER);
    // The web host cannot open a folder: the path is shown, no button.
    expect(button(/Open folder/)).toBeNull();
    expect(button(/^Cancel export$/)).toBeNull();
  });

  it('cancels a running export and offers to open the folder where the host can', async () => {
    startExport.mockResolvedValue({ jobId: JOB });
    let cancelled = false;
    getExportStatus.mockImplementation(async () =>
      cancelled
        ? job({
            done: true,
            cancelled: true,
            folder: FOLDER,
            canOpenFolder: true,
            formats: [
              format({ format: 'html', state: 'done', files: 6, bytes: 9000 }),
              format({ format: 'pdf', state: 'cancelled' }),
            ],
          })
        : job({
            formats: [format({ format: 'html', state: 'validating' }), format({ format: 'pdf', state: 'pending' })],
          }),
    );
    cancelExport.mockImplementation(async () => {
      cancelled = true;
      return { jobId: JOB, cancelled: true };
    });
    openExportFolder.mockResolvedValue({ opened: true });
    await act(async () => root.render(<ExportDialog editionId="ed-1" onClose={() => undefined} />));
    await act(async () => button(/^Start export$/)!.click());
    await wait();
    // Validating has no count: the bar is indeterminate.
    expect(container.querySelector('progress')?.hasAttribute('value')).toBe(false);
    await act(async () => button(/^Cancel export$/)!.click());
    expect(cancelExport).toHaveBeenCalledWith({ jobId: JOB });
    await wait(450);
    expect(container.querySelector('[role="status"]')?.textContent).toMatch(/cancelled/);
    await act(async () => button(/^Open folder$/)!.click());
    expect(openExportFolder).toHaveBeenCalledWith({ jobId: JOB });
  });

  it('lists what preflight finds blocking and exports over it only once the desk chief confirms', async () => {
    startExport.mockResolvedValue({ jobId: JOB });
    getExportStatus.mockResolvedValue(
      job({ done: true, folder: FOLDER, formats: [format({ format: 'txt', state: 'done' })] }),
    );
    const blocking: PreflightProblem[] = [
      {
        code: 'not-approved',
        severity: 'blocking',
        pageId: 'p1',
        pageNumber: 1,
        placementId: 'b1',
        storyId: 's1',
        subject: 'Library opens free',
        detail: 'edited',
      },
      {
        code: 'overset',
        severity: 'blocking',
        pageId: 'p3',
        pageNumber: 3,
        placementId: 'b2',
        storyId: 's2',
        subject: 'Bridge',
        lines: 4,
        amount: 30,
        amountUnit: 'words',
      },
    ];
    await act(async () => root.render(<ExportDialog editionId="ed-1" blocking={blocking} onClose={() => undefined} />));

    const region = container.querySelector('section.export-dialog__blocking')!;
    const title = document.getElementById(region.getAttribute('aria-labelledby')!)!;
    expect(title.textContent).toBe('Preflight: 2 problems block this export');
    expect([...region.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      expect.stringMatching(/Library opens free.*not approved/),
      expect.stringMatching(/Bridge.*4 lines over/),
    ]);
    const start = button(/^Export anyway$/)!;
    expect(start.disabled).toBe(true);
    const confirm = [...region.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].find((b) =>
      /desk chief/.test(b.closest('label')?.textContent ?? ''),
    )!;
    await act(async () => confirm.click());
    expect(start.disabled).toBe(false);
    await act(async () => start.click());
    expect(startExport).toHaveBeenCalledWith(
      expect.objectContaining({
        editionId: 'ed-1',
        overriddenProblems: [
          expect.objectContaining({ code: 'not-approved', pageNumber: 1, subject: 'Library opens free' }),
          expect.objectContaining({ code: 'overset', pageNumber: 3, subject: 'Bridge' }),
        ],
      }),
    );
    const [{ overriddenProblems }] = startExport.mock.calls[0]!;
    expect(overriddenProblems![0]!.description).toMatch(/not approved/);
    await wait();
  });
});
