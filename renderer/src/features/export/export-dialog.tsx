import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ExportFormatName, type ExportFormatStatus, type ExportJobStatus } from '../../../../shared/ipc/export-status';
import type { PreflightProblem } from '../../../../shared/layout/preflight';
import { api } from '../../api/client';
import { problemMessage } from '../edition/preflight-panel';
import { toUiLocale } from '../../i18n';
import { ErrorNotice } from '../../ui/error-notice';
import { ModalDialog } from '../../ui/modal-dialog';
import './export.css';

interface ExportDialogProps {
  editionId: string;
  /** What preflight finds blocking export now: listed, and exported over only when the desk chief confirms. */
  blocking?: readonly PreflightProblem[];
  onClose: () => void;
}

const FORMATS = ExportFormatName.options;
type Format = (typeof FORMATS)[number];

/** How often the dialog asks the host how the export is getting on. */
const POLL_MS = 400;

const formatBytes = (bytes: number, locale: string): string => {
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  if (bytes >= 1_048_576) return `${number.format(bytes / 1_048_576)} MB`;
  return `${number.format(Math.max(1, Math.round(bytes / 1024)))} KB`;
};

function FormatProgress({ status }: { status: ExportFormatStatus }) {
  const { t } = useTranslation();
  const name = t(`export.formats.${status.format}`);
  const finished = status.state === 'done';
  // Validating has no count to show: an indeterminate bar says "working".
  const determinate = finished || (status.state === 'writing' && status.total > 0) || status.state === 'pending';
  const value = finished ? 1 : status.total > 0 ? status.done / status.total : 0;
  return (
    <li className={`export-dialog__progress export-dialog__progress--${status.state}`}>
      <span className="export-dialog__format-name">{name}</span>
      {determinate ? (
        <progress max={1} value={value} aria-label={t('export.progressLabel', { format: name })} />
      ) : (
        <progress aria-label={t('export.progressLabel', { format: name })} />
      )}
      <span className="export-dialog__state">{t(`export.states.${status.state}`)}</span>
    </li>
  );
}

function FormatSummary({ status, locale }: { status: ExportFormatStatus; locale: string }) {
  const { t } = useTranslation();
  const ok = status.state === 'done';
  const problems = status.problems.slice(0, 8);
  return (
    <li className={`export-dialog__result export-dialog__result--${ok ? 'ok' : status.state}`}>
      <p className="export-dialog__result-head">
        <span className="export-dialog__format-name">{t(`export.formats.${status.format}`)}</span>{' '}
        <span className="export-dialog__verdict">{t(`export.states.${status.state}`)}</span>
      </p>
      {ok && (
        <p className="export-dialog__detail">
          {t('export.files', { count: status.files, size: formatBytes(status.bytes, locale) })}
          {status.validator ? ` · ${t('export.validatedBy', { validator: status.validator })}` : ''}
        </p>
      )}
      {!ok && status.message && status.state !== 'cancelled' && (
        <p className="export-dialog__detail">{status.message}</p>
      )}
      {!ok && status.validator && status.state === 'failed' && (
        <p className="export-dialog__detail">{t('export.refusedBy', { validator: status.validator })}</p>
      )}
      {problems.length > 0 && (
        <ul
          className="export-dialog__problems"
          aria-label={t('export.problems', { format: t(`export.formats.${status.format}`) })}
        >
          {problems.map((p, i) => (
            <li key={i}>
              <code>{p.file}</code> {p.message}
            </li>
          ))}
          {status.problems.length > problems.length && (
            <li>{t('export.moreProblems', { count: status.problems.length - problems.length })}</li>
          )}
        </ul>
      )}
    </li>
  );
}

/**
 * Export an edition: choose the formats, start, watch each format's progress, cancel, then
 * read what was written and what validated it, and where the folder is.
 */
export function ExportDialog({ editionId, blocking = [], onClose }: ExportDialogProps) {
  const { t, i18n } = useTranslation();
  const locale = toUiLocale(i18n.language);
  const legendId = useId();
  const blockingId = useId();
  const [overrideConfirmed, setOverrideConfirmed] = useState(false);
  const blocked = blocking.length > 0 && !overrideConfirmed;
  const [chosen, setChosen] = useState<Set<Format>>(() => new Set(FORMATS));
  const [jobId, setJobId] = useState<string | null>(null);
  const [status, setStatus] = useState<ExportJobStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);
  const [cancelling, setCancelling] = useState(false);

  const running = jobId !== null && !status?.done;
  const finished = status?.done === true;

  // Readies the exporters while the desk chooses formats (EPUBCheck takes seconds to start).
  useEffect(() => {
    api.prepareExport({ editionId }).catch(() => undefined);
  }, [editionId]);

  useEffect(() => {
    if (!jobId) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const poll = async () => {
      try {
        const next = await api.getExportStatus({ jobId });
        if (!live) return;
        setStatus(next);
        if (!next.done) timer = setTimeout(() => void poll(), POLL_MS);
      } catch (failure) {
        if (live) setError(failure);
      }
    };
    void poll();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [jobId]);

  const toggle = (format: Format, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(format);
      else next.delete(format);
      return next;
    });

  const start = async () => {
    setError(null);
    setStatus(null);
    setStarting(true);
    setCancelling(false);
    try {
      const formats = FORMATS.filter((f) => chosen.has(f));
      const overriddenProblems = blocking.length
        ? blocking.map((p) => ({
            code: p.code,
            pageNumber: p.pageNumber,
            subject: p.subject,
            description: problemMessage(t, p),
          }))
        : undefined;
      const started = await api.startExport({
        editionId,
        formats,
        ...(overriddenProblems ? { overriddenProblems } : {}),
      });
      setJobId(started.jobId);
    } catch (failure) {
      setError(failure);
    } finally {
      setStarting(false);
    }
  };

  const cancel = async () => {
    if (!jobId) return;
    setCancelling(true);
    try {
      await api.cancelExport({ jobId });
    } catch (failure) {
      setError(failure);
    }
  };

  const openFolder = async () => {
    if (!jobId) return;
    try {
      await api.openExportFolder({ jobId });
    } catch (failure) {
      setError(failure);
    }
  };

  const okCount = status?.formats.filter((f) => f.state === 'done').length ?? 0;
  const failedCount = status?.formats.filter((f) => f.state === 'failed').length ?? 0;

  const footer = (
    <>
      {running && (
        <button
          type="button"
          className="button button--danger-quiet"
          onClick={() => void cancel()}
          disabled={cancelling}
        >
          {cancelling ? t('export.cancelling') : t('export.cancel')}
        </button>
      )}
      <button type="button" className="button" onClick={onClose}>
        {t('export.close')}
      </button>
      <button
        type="button"
        className="button button--primary"
        onClick={() => void start()}
        disabled={chosen.size === 0 || running || starting || blocked}
      >
        {finished
          ? t('export.again')
          : starting
            ? t('export.starting')
            : blocking.length
              ? t('export.startAnyway')
              : t('export.start')}
      </button>
    </>
  );

  return (
    <ModalDialog title={t('export.title')} onClose={onClose} footer={footer} className="export-dialog">
      <fieldset className="export-dialog__formats" aria-labelledby={legendId} disabled={running || starting}>
        <legend id={legendId} className="field__label">
          {t('export.chooseFormats')}
        </legend>
        {FORMATS.map((format) => (
          <label key={format} className="export-dialog__check">
            <input type="checkbox" checked={chosen.has(format)} onChange={(e) => toggle(format, e.target.checked)} />
            <span>
              <span className="export-dialog__format-name">{t(`export.formats.${format}`)}</span>
              <span className="export-dialog__format-hint">{t(`export.hints.${format}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>

      {blocking.length > 0 && !jobId && (
        <section className="export-dialog__blocking" aria-labelledby={blockingId}>
          <h3 id={blockingId} className="export-dialog__blocking-title">
            {t('export.blockingTitle', { count: blocking.length })}
          </h3>
          <ul className="export-dialog__blocking-list">
            {blocking.map((p, i) => (
              <li key={`${p.code}:${p.pageId}:${p.placementId ?? ''}:${i}`}>
                <span className="export-dialog__blocking-page">
                  {t('edition.pageNumber', { number: p.pageNumber })}
                </span>{' '}
                {p.subject && <strong>{p.subject}</strong>}
                {p.subject ? ' — ' : ''}
                {problemMessage(t, p)}
              </li>
            ))}
          </ul>
          <p className="export-dialog__detail">{t('export.blockingHint')}</p>
          <label className="export-dialog__check export-dialog__confirm">
            <input
              type="checkbox"
              checked={overrideConfirmed}
              onChange={(e) => setOverrideConfirmed(e.target.checked)}
            />
            <span>{t('export.confirmOverride')}</span>
          </label>
        </section>
      )}

      {error !== null && <ErrorNotice error={error} onDismiss={() => setError(null)} />}

      {status && !finished && (
        <section aria-label={t('export.progressTitle')}>
          <ul className="export-dialog__progress-list">
            {status.formats.map((f) => (
              <FormatProgress key={f.format} status={f} />
            ))}
          </ul>
        </section>
      )}

      {finished && status && (
        <section className="export-dialog__summary" aria-label={t('export.summaryTitle')}>
          <p role="status" className="export-dialog__headline">
            {status.error
              ? t('export.summaryError')
              : status.cancelled
                ? t('export.summaryCancelled')
                : failedCount > 0
                  ? t('export.summaryPartial', { ok: okCount, failed: failedCount })
                  : t('export.summaryOk', { count: okCount })}
          </p>
          {status.error && <p className="export-dialog__detail">{status.error}</p>}
          <ul className="export-dialog__results">
            {status.formats.map((f) => (
              <FormatSummary key={f.format} status={f} locale={locale} />
            ))}
          </ul>
          {status.folder && (
            <div className="export-dialog__folder">
              <span className="field__label">{t('export.folder')}</span>
              <code className="export-dialog__path">{status.folder}</code>
              {status.canOpenFolder && (
                <button type="button" className="button button--small" onClick={() => void openFolder()}>
                  {t('export.openFolder')}
                </button>
              )}
            </div>
          )}
        </section>
      )}
      {running && (
        <p className="visually-hidden" role="status">
          {t('export.running')}
        </p>
      )}
    </ModalDialog>
  );
}
