import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RevisionMeta, Story, StoryFields, StoryLanguage } from '../../../../shared/model';
import { api } from '../../api/client';
import { useUiLocale } from '../../i18n/use-ui-locale';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { isConflict } from '../../ui/describe-error';
import { ErrorNotice } from '../../ui/error-notice';
import { ModalDialog } from '../../ui/modal-dialog';
import type { FlushResult } from '../story/saving/save-queue';
import { formatSessionTime } from './revision-format';
import { RevisionList } from './revision-list';
import { diffStories } from './story-diff';
import { type DiffLayout, StoryDiffView } from './story-diff-view';
import './history.css';

interface HistoryDialogProps {
  storyId: string;
  language: StoryLanguage;
  /** The revision the editor's next save is based on; a restore starts from it too. */
  revision: number;
  /** Saves what is typed but not saved yet, so the history holds it and a restore cannot drop it. */
  saveNow: () => Promise<FlushResult>;
  /** After a restore (or a conflict): load the story afresh, local edits are all saved or stale. */
  onReload: () => void;
  onClose: () => void;
}

type Loaded =
  | { phase: 'loading' }
  | { phase: 'failed'; error: unknown }
  | { phase: 'ready'; revisions: RevisionMeta[]; current: Story };

type VersionState = { fields: StoryFields; error?: undefined } | { fields?: undefined; error: unknown };

/** A version to compare: a snapshot by number, or the story as it is now. */
type Target = number | 'current';

/** Older first, so a diff always reads as what happened next; the current text is the newest. */
const rank = (target: Target): number => (target === 'current' ? Number.POSITIVE_INFINITY : target);

/**
 * A story's revision history: the versions (one per editing session), a diff of any two,
 * and restore. Opening it saves pending edits first, so "current" is what the editor shows.
 */
export function HistoryDialog({ storyId, language, revision, saveNow, onReload, onClose }: HistoryDialogProps) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const compareId = useId();
  const [loaded, setLoaded] = useState<Loaded>({ phase: 'loading' });
  const [unsaved, setUnsaved] = useState<unknown>(null);
  const [picked, setPicked] = useState<number | null>(null);
  const [compareTo, setCompareTo] = useState<Target>('current');
  const [layout, setLayout] = useState<DiffLayout>('inline');
  const [versions, setVersions] = useState<ReadonlyMap<number, VersionState>>(new Map());
  const [confirming, setConfirming] = useState(false);
  const [restoring, setRestoring] = useState(false);
  const [restoreError, setRestoreError] = useState<unknown>(null);

  // Read at restore time, after a last save may have moved it on.
  const revisionRef = useRef(revision);
  useEffect(() => {
    revisionRef.current = revision;
  });

  useEffect(() => {
    let live = true;
    void (async () => {
      const flushed = await saveNow();
      if (!live) return;
      if (!flushed.ok) setUnsaved(flushed.error);
      try {
        const [revisions, current] = await Promise.all([
          api.listRevisions({ id: storyId }),
          api.getStory({ id: storyId }),
        ]);
        if (live) setLoaded({ phase: 'ready', revisions, current });
      } catch (error) {
        if (live) setLoaded({ phase: 'failed', error });
      }
    })();
    return () => {
      live = false;
    };
  }, [storyId, saveNow]);

  const ready = loaded.phase === 'ready' ? loaded : null;
  const currentRevision = ready?.current.revision ?? -1;
  const isCurrent = (meta: RevisionMeta) => meta.revision === currentRevision;

  // Until the user picks one: the newest version that differs from the current one.
  const selected =
    picked ??
    ready?.revisions.find((m) => m.revision !== currentRevision)?.snapshot ??
    ready?.revisions[0]?.snapshot ??
    null;
  const selectedMeta = ready?.revisions.find((m) => m.snapshot === selected) ?? null;

  // Fetch the snapshots the comparison needs, once each.
  const requested = useRef(new Set<number>());
  useEffect(() => {
    for (const snapshot of [selected, compareTo]) {
      if (typeof snapshot !== 'number' || requested.current.has(snapshot)) continue;
      requested.current.add(snapshot);
      api.getRevision({ id: storyId, snapshot }).then(
        (found) => setVersions((map) => new Map(map).set(snapshot, { fields: found.fields })),
        (error: unknown) => setVersions((map) => new Map(map).set(snapshot, { error })),
      );
    }
  }, [storyId, selected, compareTo]);

  const versionOf = (target: Target | null): VersionState | null => {
    if (target === null || !ready) return null;
    if (target === 'current') return { fields: ready.current };
    return versions.get(target) ?? null;
  };
  const older = selected === null ? null : rank(selected) <= rank(compareTo) ? selected : compareTo;
  const newer = older === selected ? compareTo : selected;
  const olderVersion = versionOf(older);
  const newerVersion = versionOf(newer);

  const olderFields = olderVersion?.fields;
  const newerFields = newerVersion?.fields;
  const diff = useMemo(
    () => (olderFields && newerFields ? diffStories(olderFields, newerFields) : null),
    [olderFields, newerFields],
  );

  const label = (target: Target | null): string => {
    if (target === 'current') return t('history.currentVersion');
    const meta = ready?.revisions.find((m) => m.snapshot === target);
    return meta
      ? t('history.versionAt', { snapshot: meta.snapshot, time: formatSessionTime(meta, locale) })
      : t('history.version', { snapshot: target });
  };

  const restore = async () => {
    if (selected === null) return;
    setConfirming(false);
    setRestoring(true);
    setRestoreError(null);
    // Nothing typed may be lost: what is pending is saved first, and stays in the history.
    const flushed = await saveNow();
    if (!flushed.ok) {
      setRestoreError(flushed.error);
      setRestoring(false);
      return;
    }
    try {
      await api.restoreRevision({ id: storyId, snapshot: selected, baseRevision: revisionRef.current });
      onReload();
    } catch (error) {
      setRestoreError(error);
      setRestoring(false);
    }
  };

  const canRestore = selectedMeta !== null && !isCurrent(selectedMeta) && versions.get(selectedMeta.snapshot)?.fields;
  const versionError = olderVersion?.error ?? newerVersion?.error;

  return (
    <ModalDialog
      title={t('history.title')}
      onClose={onClose}
      className="modal--history"
      footer={
        <>
          {selectedMeta && isCurrent(selectedMeta) && <p className="history__footer-note">{t('history.isCurrent')}</p>}
          <button type="button" className="button" onClick={onClose}>
            {t('history.close')}
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={!canRestore || restoring}
            onClick={() => setConfirming(true)}
          >
            {restoring ? t('history.restoring') : t('history.restore')}
          </button>
        </>
      }
    >
      {unsaved !== null && <ErrorNotice error={unsaved} summary={t('history.unsaved')} />}
      {restoreError !== null && (
        <ErrorNotice
          error={restoreError}
          summary={isConflict(restoreError) ? t('history.restoreConflict') : t('history.restoreFailed')}
          onDismiss={() => setRestoreError(null)}
        >
          {isConflict(restoreError) && (
            <button type="button" className="button button--primary" onClick={onReload}>
              {t('story.reload')}
            </button>
          )}
        </ErrorNotice>
      )}

      {loaded.phase === 'loading' && (
        <p className="history__status" role="status">
          {t('history.loading')}
        </p>
      )}
      {loaded.phase === 'failed' && <ErrorNotice error={loaded.error} summary={t('history.loadFailed')} />}
      {ready && ready.revisions.length === 0 && <p className="history__status">{t('history.empty')}</p>}

      {ready && ready.revisions.length > 0 && <p className="history__thinning">{t('history.thinning')}</p>}
      {ready && ready.revisions.length > 0 && (
        <div className="history">
          <RevisionList
            revisions={ready.revisions}
            language={language}
            currentRevision={currentRevision}
            selected={selected}
            onSelect={setPicked}
          />
          <section className="history__diff" aria-label={t('history.comparison')}>
            <div className="history__controls">
              <label className="history__compare" htmlFor={compareId}>
                {t('history.compareWith')}
              </label>
              <select
                id={compareId}
                className="history__select"
                value={String(compareTo)}
                onChange={(event) =>
                  setCompareTo(event.target.value === 'current' ? 'current' : Number(event.target.value))
                }
              >
                <option value="current">{t('history.currentVersion')}</option>
                {ready.revisions.map((meta) => (
                  <option key={meta.snapshot} value={meta.snapshot}>
                    {label(meta.snapshot)}
                  </option>
                ))}
              </select>
              <div className="history__layout" role="group" aria-label={t('history.layout')}>
                {(['inline', 'side-by-side'] as const).map((option) => (
                  <button
                    key={option}
                    type="button"
                    className="button button--small"
                    aria-pressed={layout === option}
                    onClick={() => setLayout(option)}
                  >
                    {t(option === 'inline' ? 'history.inline' : 'history.sideBySide')}
                  </button>
                ))}
              </div>
            </div>

            {selected !== null && selected === compareTo ? (
              <p className="diff-note">{t('history.sameVersion')}</p>
            ) : (
              <>
                <p className="history__comparing" aria-live="polite">
                  {t('history.comparing', { older: label(older), newer: label(newer) })}
                  <span className="history__legend" aria-hidden="true">
                    <del>{t('history.legendDeleted')}</del> <ins>{t('history.legendInserted')}</ins>
                  </span>
                </p>
                {versionError !== undefined ? (
                  <ErrorNotice error={versionError} summary={t('history.versionFailed')} />
                ) : diff && olderFields && newerFields ? (
                  <StoryDiffView
                    diff={diff}
                    before={olderFields}
                    after={newerFields}
                    layout={layout}
                    beforeLabel={label(older)}
                    afterLabel={label(newer)}
                  />
                ) : (
                  <p className="history__status" role="status">
                    {t('history.loadingVersion')}
                  </p>
                )}
              </>
            )}
          </section>
        </div>
      )}

      {confirming && selectedMeta && (
        <ConfirmDialog
          title={t('history.restoreTitle')}
          text={t('history.restoreText', { version: label(selectedMeta.snapshot) })}
          confirmLabel={t('history.restoreConfirm')}
          cancelLabel={t('story.cancel')}
          onConfirm={() => void restore()}
          onCancel={() => setConfirming(false)}
        />
      )}
    </ModalDialog>
  );
}
