import { type ClipboardEvent, type KeyboardEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { warningText } from './warning-text';
import { useTranslation } from 'react-i18next';
import type { StoryStatus } from '../../../../shared/model';
import { STORY_STATUSES, isStoryStatus } from '../../../../shared/model/story-status';
import { toUiLocale } from '../../i18n';
import { describeError } from '../../ui/describe-error';
import { formatDateTime } from '../../ui/format';
import { ErrorNotice } from '../../ui/error-notice';
import { ModalDialog } from '../../ui/modal-dialog';
import { routeHash } from '../../ui/use-hash-route';
import { IMPORT_ACCEPT } from './import-files';
import { type PreviewAction, SECTION_MAX, needsLook } from './import-preview-state';
import { StoryCard } from './story-card';
import { type FileError, type ImportSession, type InputTab, rejectReason } from './use-import-session';

interface ImportDialogProps {
  session: ImportSession;
  onClose: () => void;
  onOpenLibrary: () => void;
}

/** The import: paste or files in, a preview to correct, then one commit into the library. */
export function ImportDialog({ session, onClose, onOpenLibrary }: ImportDialogProps) {
  const { t } = useTranslation();
  const { stage } = session;

  let footer;
  if (stage === 'input') {
    const nothing = !session.text.trim() && session.files.length === 0;
    footer = (
      <>
        <button type="button" className="button button--quiet" onClick={onClose}>
          {t('import.close')}
        </button>
        <button type="button" className="button button--primary" disabled={nothing} onClick={session.readAll}>
          {t('import.read')}
        </button>
      </>
    );
  } else if (stage === 'reading') {
    footer = (
      <button type="button" className="button" onClick={session.stop}>
        {t('import.stop')}
      </button>
    );
  } else if (stage === 'preview' || stage === 'saving') {
    footer = (
      <>
        <button type="button" className="button button--quiet" disabled={stage === 'saving'} onClick={session.back}>
          {t('import.back')}
        </button>
        <span className="import-footer__note" aria-live="polite">
          {session.blocked > 0 && t('import.blocked', { count: session.blocked })}
        </span>
        <button type="button" className="button button--quiet" onClick={onClose}>
          {t('import.close')}
        </button>
        <button
          type="button"
          className="button button--primary"
          disabled={stage === 'saving' || session.included === 0 || session.blocked > 0}
          onClick={() => void session.commit()}
        >
          {t('import.commit', { count: session.included })}
        </button>
      </>
    );
  } else {
    footer = (
      <>
        <button type="button" className="button button--quiet" onClick={() => session.resetAll()}>
          {t('import.importMore')}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t('import.close')}
        </button>
        <button type="button" className="button button--primary" onClick={onOpenLibrary}>
          {t('import.openLibrary')}
        </button>
      </>
    );
  }

  return (
    <ModalDialog title={t('import.title')} onClose={onClose} className="modal--import" footer={footer}>
      {stage === 'input' && <InputPanel session={session} />}
      {stage === 'reading' && <ProgressPanel session={session} kind="reading" />}
      {(stage === 'preview' || stage === 'saving') && <PreviewPanel session={session} />}
      {stage === 'done' && <DonePanel session={session} onClose={onClose} />}
    </ModalDialog>
  );
}

const TABS: InputTab[] = ['paste', 'files'];

function InputPanel({ session }: { session: ImportSession }) {
  const { t } = useTranslation();
  const baseId = useId();
  const tabId = (tab: InputTab) => `${baseId}-${tab}-tab`;
  const panelId = (tab: InputTab) => `${baseId}-${tab}-panel`;
  const tabRefs = useRef<Record<InputTab, HTMLButtonElement | null>>({ paste: null, files: null });

  // Arrow keys move between tabs, as the ARIA tabs pattern expects.
  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    const index = TABS.indexOf(session.tab);
    let next: InputTab | null = null;
    if (event.key === 'ArrowRight') next = TABS[(index + 1) % TABS.length]!;
    else if (event.key === 'ArrowLeft') next = TABS[(index + TABS.length - 1) % TABS.length]!;
    else if (event.key === 'Home') next = TABS[0]!;
    else if (event.key === 'End') next = TABS[TABS.length - 1]!;
    if (!next) return;
    event.preventDefault();
    session.setTab(next);
    tabRefs.current[next]?.focus();
  };

  return (
    <div className="import-input">
      <div className="import-tabs" role="tablist" aria-label={t('import.sources')}>
        {TABS.map((tab) => (
          <button
            key={tab}
            ref={(el) => {
              tabRefs.current[tab] = el;
            }}
            type="button"
            role="tab"
            id={tabId(tab)}
            className="import-tabs__tab"
            aria-selected={session.tab === tab}
            aria-controls={panelId(tab)}
            tabIndex={session.tab === tab ? 0 : -1}
            onClick={() => session.setTab(tab)}
            onKeyDown={onTabKey}
          >
            {tab === 'paste' ? t('import.pasteTab') : t('import.filesTab')}
            {tab === 'files' && session.files.length > 0 && (
              <span className="import-tabs__count">{session.files.length}</span>
            )}
            {tab === 'paste' && session.text.trim() && <span className="import-tabs__dot" aria-hidden="true" />}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={panelId(session.tab)}
        aria-labelledby={tabId(session.tab)}
        className="import-tabs__panel"
      >
        {session.tab === 'paste' ? <PastePanel session={session} /> : <FilesPanel session={session} />}
      </div>
    </div>
  );
}

function PastePanel({ session }: { session: ImportSession }) {
  const { t } = useTranslation();
  const textId = useId();
  const hintId = useId();
  // The change event that follows a paste carries its HTML; any other change is typing.
  const pasted = useRef<{ html: string | null } | null>(null);

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const html = event.clipboardData.getData('text/html');
    const box = event.currentTarget;
    const replacesAll = !box.value.trim() || (box.selectionStart === 0 && box.selectionEnd === box.value.length);
    const appends = box.selectionStart === box.value.length && session.html !== null;
    // HTML is kept only while it stands for everything in the box; otherwise the text is read.
    let keep: string | null = null;
    if (html.trim()) keep = replacesAll ? html : appends ? `${session.html}\n${html}` : null;
    pasted.current = { html: keep };
    if (!html.trim()) return; // the browser pastes the text; onChange takes it with no HTML
    // Insert the plain text ourselves (execCommand keeps the paste undoable), so the HTML and
    // the text it stands for arrive together whatever the clipboard holds.
    event.preventDefault();
    const plain =
      event.clipboardData.getData('text/plain') ||
      (new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '');
    const start = box.selectionStart;
    const end = box.selectionEnd;
    if (!document.execCommand('insertText', false, plain)) {
      session.setPastedText(box.value.slice(0, start) + plain + box.value.slice(end), keep);
    }
    pasted.current = null;
  };

  return (
    <div className="import-paste">
      <label className="field__label" htmlFor={textId}>
        {t('import.textLabel')}
      </label>
      <textarea
        id={textId}
        className="field__input import-paste__text"
        aria-describedby={hintId}
        value={session.text}
        spellCheck={false}
        rows={16}
        onPaste={onPaste}
        onChange={(e) => {
          const paste = pasted.current;
          pasted.current = null;
          session.setPastedText(e.target.value, paste ? paste.html : null);
        }}
      />
      <p id={hintId} className="import-hint">
        {t('import.textHint')}
      </p>
      {session.html !== null && (
        <div className="import-html-note" role="status">
          <span>{t('import.htmlKept')}</span>
          <button type="button" className="button button--small" onClick={session.dropHtml}>
            {t('import.usePlain')}
          </button>
        </div>
      )}
    </div>
  );
}

const sizeFormat = (bytes: number, locale: string): string =>
  new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: bytes >= 1_048_576 ? 'megabyte' : 'kilobyte',
    maximumFractionDigits: 1,
  }).format(bytes >= 1_048_576 ? bytes / 1_048_576 : Math.max(0.1, bytes / 1024));

function FileChooser({ session, label, className }: { session: ImportSession; label: string; className: string }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className={className} onClick={() => input.current?.click()}>
        {label}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept={IMPORT_ACCEPT}
        aria-label={label}
        onChange={(e) => {
          session.addFiles([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
    </>
  );
}

function FilesPanel({ session }: { session: ImportSession }) {
  const { t, i18n } = useTranslation();
  const listId = useId();
  return (
    <div className="import-files">
      <div className="import-files__drop">
        <FileChooser session={session} label={t('import.chooseFiles')} className="button button--primary" />
        <p className="import-hint">{t('import.filesHint')}</p>
      </div>
      <h3 id={listId} className="import-section-title">
        {t('import.fileList')}
      </h3>
      {session.files.length === 0 ? (
        <p className="import-hint">{t('import.noFiles')}</p>
      ) : (
        <ul className="import-files__list" aria-labelledby={listId}>
          {session.files.map((file, i) => {
            const reason = rejectReason(file);
            return (
              <li key={`${file.name}-${i}`} className={reason ? 'import-file import-file--refused' : 'import-file'}>
                <span className="import-file__name">{file.name}</span>
                <span className="import-file__size">{sizeFormat(file.size, i18n.language)}</span>
                {reason && <span className="import-file__reason">{t(`import.refused.${reason}`)}</span>}
                <button
                  type="button"
                  className="button button--quiet button--small"
                  aria-label={t('import.removeFile', { name: file.name })}
                  onClick={() => session.removeFile(file)}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

function ProgressPanel({ session, kind }: { session: ImportSession; kind: 'reading' | 'saving' }) {
  const { t } = useTranslation();
  const labelId = useId();
  const p = session.progress;
  if (!p) return null;
  return (
    <div className="import-progress">
      <p id={labelId} className="import-progress__text" role="status">
        {kind === 'reading'
          ? t('import.readingProgress', { current: p.current, total: p.total, name: p.name })
          : t('import.savingProgress', { current: p.current, total: p.total })}
      </p>
      <progress
        className="import-progress__bar"
        aria-labelledby={labelId}
        max={p.total}
        value={kind === 'reading' ? p.current - 1 : p.current}
      />
    </div>
  );
}

function PreviewPanel({ session }: { session: ImportSession }) {
  const { t, i18n } = useTranslation();
  const [section, setSection] = useState(session.preview.defaults.section);
  const [status, setStatus] = useState<StoryStatus>(session.preview.defaults.status);
  const sectionId = useId();
  const statusId = useId();
  const { stories } = session.preview;
  const warned = stories.filter(needsLook).length;

  // A split or merge moves the control that was used: focus goes to the story it made.
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const latest = useRef(session.preview);
  useEffect(() => {
    latest.current = session.preview;
  });
  const { dispatch } = session;
  const act = useCallback(
    (action: PreviewAction) => {
      const state = latest.current;
      if (action.type === 'split') setFocusKey(`s${state.nextKey}`);
      if (action.type === 'mergeWithPrevious') {
        const index = state.stories.findIndex((s) => s.key === action.story);
        if (index > 0) setFocusKey(state.stories[index - 1]!.key);
      }
      dispatch(action);
    },
    [dispatch],
  );
  const clearFocus = useCallback(() => setFocusKey(null), []);

  return (
    <div className="import-preview">
      {session.stage === 'saving' && <ProgressPanel session={session} kind="saving" />}
      {session.saveError !== null && (
        <ErrorNotice
          error={session.saveError}
          summary={
            session.savedBeforeError > 0 ? t('import.partlySaved', { count: session.savedBeforeError }) : undefined
          }
          onDismiss={session.dismissSaveError}
        />
      )}
      {session.unread > 0 && (
        <p className="notice import-notice" role="status">
          {t('import.stopped', { count: session.unread })}
        </p>
      )}
      {session.fileErrors.length > 0 && (
        <section className="import-file-errors" aria-labelledby={`${sectionId}-errors`}>
          <h3 id={`${sectionId}-errors`} className="import-section-title">
            {t('import.fileErrors', { count: session.fileErrors.length })}
          </h3>
          <ul>
            {session.fileErrors.map((f, i) => (
              <FileErrorItem key={i} failure={f} />
            ))}
          </ul>
        </section>
      )}
      {session.fileNotes.length > 0 && (
        <section className="import-file-notes" aria-labelledby={`${sectionId}-notes`}>
          <h3 id={`${sectionId}-notes`} className="import-section-title">
            {t('import.fileNotes')}
          </h3>
          <ul>
            {session.fileNotes.flatMap((f) =>
              f.warnings.map((w, i) => (
                <li key={`${f.name}-${i}`}>
                  <span className="import-file-error__name">{f.name}</span> {warningText(t, w)}
                </li>
              )),
            )}
          </ul>
        </section>
      )}

      {session.reruns.map((question, i) => (
        // The same bytes were imported before: their stories wait for the editor's answer.
        <div key={`${question.name}-${i}`} className="notice import-rerun" role="alert">
          <p className="notice__text">
            {t('import.importedBefore', {
              name: question.name,
              date: formatDateTime(question.importedBefore.at, toUiLocale(i18n.language)),
              count: question.importedBefore.stories.length,
            })}
          </p>
          <div className="notice__actions">
            <button type="button" className="button" onClick={() => session.answerRerun(question, true)}>
              {t('import.importAgain', { name: question.name })}
            </button>
            <button type="button" className="button button--quiet" onClick={() => session.answerRerun(question, false)}>
              {t('import.leaveOut', { name: question.name })}
            </button>
          </div>
        </div>
      ))}

      <div className="import-toolbar">
        <p className="import-toolbar__found" aria-live="polite">
          {stories.length ? t('import.found', { count: stories.length }) : t('import.noStories')}
          {warned > 0 && (
            <span className="import-toolbar__warned">{t('import.storiesToCheck', { count: warned })}</span>
          )}
        </p>
        {stories.length > 0 && (
          <fieldset className="import-toolbar__all">
            <legend>{t('import.forAll')}</legend>
            <label htmlFor={sectionId}>{t('import.section')}</label>
            <input
              id={sectionId}
              className="field__input"
              value={section}
              maxLength={SECTION_MAX}
              onChange={(e) => setSection(e.target.value)}
            />
            <label htmlFor={statusId}>{t('import.status')}</label>
            <select
              id={statusId}
              className="field__input"
              value={status}
              onChange={(e) => {
                if (isStoryStatus(e.target.value)) setStatus(e.target.value);
              }}
            >
              {STORY_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button button--small"
              disabled={session.stage === 'saving'}
              onClick={() => session.dispatch({ type: 'applyToAll', section, status })}
            >
              {t('import.applyAll')}
            </button>
          </fieldset>
        )}
        <FileChooser session={session} label={t('import.addFiles')} className="button button--small" />
      </div>

      <div className="import-cards">
        {stories.map((story, index) => (
          <StoryCard
            key={story.key}
            story={story}
            index={index}
            dispatch={act}
            focus={story.key === focusKey}
            onFocused={clearFocus}
          />
        ))}
      </div>
    </div>
  );
}

/** One file that gave no stories: its name, what went wrong, and the host's own words. */
function FileErrorItem({ failure }: { failure: FileError }) {
  const { t } = useTranslation();
  const described = failure.reason ? null : describeError(t, failure.error);
  return (
    <li className="import-file-error">
      <span className="import-file-error__name">{failure.name}</span>
      <span className="import-file-error__summary">
        {failure.reason ? t(`import.refused.${failure.reason}`) : described!.summary}
      </span>
      {described?.details && <span className="import-file-error__details">{described.details}</span>}
    </li>
  );
}

function DonePanel({ session, onClose }: { session: ImportSession; onClose: () => void }) {
  const { t } = useTranslation();
  const listId = useId();
  return (
    <div className="import-done">
      <p className="import-done__summary" role="status" id={listId}>
        {t('import.imported', { count: session.created.length })}
      </p>
      <ul className="import-done__list" aria-labelledby={listId}>
        {session.created.map((story) => (
          <li key={story.id}>
            <a href={routeHash({ view: 'story', id: story.id })} onClick={onClose}>
              {story.headline || t('library.untitled')}
            </a>
          </li>
        ))}
      </ul>
      {session.fileErrors.length > 0 && (
        <p className="import-hint">
          {t('import.notRead', { names: session.fileErrors.map((f) => f.name).join(', ') })}
        </p>
      )}
    </div>
  );
}
