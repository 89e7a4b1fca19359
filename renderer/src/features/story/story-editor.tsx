import type { Editor } from '@tiptap/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { estimateFit } from '../../../../shared/copyfit/estimate';
import { findBodyProblem } from '../../../../shared/editor/body-problem';
import { type Story, type Tag, findTemplate } from '../../../../shared/model';
import { bodyText } from '../../../../shared/text/count';
import { api } from '../../api/client';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { ErrorNotice } from '../../ui/error-notice';
import { HistoryDialog } from '../history/history-dialog';
import { NameVersionDialog } from '../history/name-version-dialog';
import { takePendingHighlight } from '../search/pending-highlight';
import { highlightFirstMatch } from '../tools/find-fields';
import { StoryTools } from '../tools/story-tools';
import { AuthorPrompt } from './fields/author-prompt';
import { BodyEditor } from './body/body-editor';
import { UnloadableBody } from './body/unloadable-body';
import { CopyfitBar } from './measure/copyfit-bar';
import { browserJournalStorage, clearJournal, planRecovery, readJournal } from './saving/draft-journal';
import { type EditableField, type EditableFields, type LineFieldName, pickEditable } from './fields/editable-fields';
import { LineField } from './fields/line-field';
import { readBody } from './saving/read-body';
import { RecoveryNotice } from './saving/recovery-notice';
import { SaveIndicator } from './saving/save-indicator';
import { StoryDetails } from './fields/story-details';
import { usePhotoInsert } from './photos/use-photo-insert';
import { useStoryMeasures } from './measure/use-story-measures';
import { useMeasuredFit } from './measure/use-measured-fit';
import { useStorySaver } from './saving/use-story-saver';
import { StoryProofing } from '../proofing/story-proofing';
import type { WorkflowStep } from '../../../../shared/model/workflow';
import type { LiveStory } from './collab/live-story';
import { LivePeers } from './collab/live-peers';

interface StoryEditorProps {
  story: Story;
  /** Back to the library (after the story is saved, trashed or knowingly abandoned). */
  onLeave: () => void;
  /** Loads the story afresh from the library, dropping local edits (after a conflict). */
  onReload: () => void;
  reportError: (error: unknown) => void;
  /** The author name from the settings; when empty the view asks for one (once). */
  authorName?: string;
  /** The setting for English stories: curly quotes and dashes as they are typed (on unless turned off). */
  smartTypography?: boolean;
  onOpenSettings?: () => void;
  /**
   * Live co-editing with the newsroom (collab/live-story.ts): the body, text fields and tags are
   * edited in the story's shared document, which the core writes into the library; the other
   * fields keep their saves. Null: every field is saved as JSON, as without a newsroom.
   */
  live?: LiveStory | null;
}

/** The fields edited in the shared document when the story is live (collab/live-story.ts). */
const LIVE_FIELDS = new Set<EditableField>([
  'kicker',
  'headline',
  'subheadline',
  'byline',
  'dateline',
  'slug',
  'notes',
  'tags',
]);
const isLiveField = (
  name: EditableField,
): name is 'kicker' | 'headline' | 'subheadline' | 'byline' | 'dateline' | 'slug' | 'notes' | 'tags' =>
  LIVE_FIELDS.has(name);

type RecoveryState = { kind: 'applied' | 'stale'; at: string; changes: Partial<EditableFields> } | null;

export function StoryEditor({
  story,
  onLeave,
  onReload,
  reportError,
  authorName,
  smartTypography = true,
  onOpenSettings,
  live = null,
}: StoryEditorProps) {
  const { t } = useTranslation();
  const language = story.language;
  // A body the editor cannot load is shown read-only, never loaded blank and saved over.
  const [bodyProblem] = useState(() => findBodyProblem(story.body));

  // Text typed before the window closed or crashed, from the draft journal. Made on this very
  // revision, it is simply put back (and saved); made on an older one, the user decides.
  const [plan] = useState(() => {
    const storage = browserJournalStorage();
    // Live, every keystroke is on the core's disk once pushed: there is no draft journal to replay.
    return planRecovery(live ? null : storage && readJournal(storage, story.id), {
      ...pickEditable(story),
      revision: story.revision,
    });
  });
  const [recovery, setRecovery] = useState<RecoveryState>(() =>
    plan.kind === 'apply'
      ? { kind: 'applied', at: plan.at, changes: plan.changes }
      : plan.kind === 'stale'
        ? { kind: 'stale', at: plan.at, changes: plan.changes }
        : null,
  );
  const [fields, setFields] = useState<EditableFields>(() =>
    live
      ? { ...pickEditable(story), ...live.fields() }
      : plan.kind === 'apply'
        ? { ...pickEditable(story), ...plan.changes }
        : pickEditable(story),
  );
  const fieldsRef = useRef(fields);
  /** The live TipTap editor: editor tools (find/replace, palette) work through this. */
  const editorRef = useRef<Editor | null>(null);
  const [confirming, setConfirming] = useState<'trash' | 'leave' | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [measures, measure] = useStoryMeasures(fields.body, language);

  const read = useCallback((): EditableFields => {
    const editor = editorRef.current;
    // Kept in the ref too, so a read after the editor is gone (unmount) still has the last text.
    if (editor && !editor.isDestroyed) fieldsRef.current = { ...fieldsRef.current, body: readBody(editor) };
    return fieldsRef.current;
  }, []);
  const [namingVersion, setNamingVersion] = useState(false);
  const saver = useStorySaver({
    story,
    read,
    onBackgroundError: reportError,
    onNameVersion: () => setNamingVersion(true),
    currentRevision: live ? async () => (await api.getStory({ id: story.id })).revision : undefined,
  });
  // A save of printed text took an approved story back to "edited" (the library did): the
  // view shows that status from then on, with a notice until it is dismissed.
  const lastChange = saver.lastSaved?.statusHistory.at(-1);
  const reopenedAt =
    lastChange?.event === 'edited-after-approval' && saver.lastSaved?.status === 'edited' ? lastChange.at : null;
  const [dismissedReopen, setDismissedReopen] = useState<string | null>(null);
  const status = reopenedAt && fields.status === 'approved' ? 'edited' : fields.status;
  const shownFields = status === fields.status ? fields : { ...fields, status };
  const { changed } = saver;
  // Written by the library on each save that changes the status: who and when.
  const statusHistory = saver.lastSaved?.statusHistory ?? story.statusHistory;

  const setField = useCallback(
    <K extends EditableField>(name: K, value: EditableFields[K]) => {
      fieldsRef.current = { ...fieldsRef.current, [name]: value };
      setFields(fieldsRef.current);
      if (live && isLiveField(name)) live.setField(name, value as string | Tag[]);
      else changed(name);
    },
    [changed, live],
  );
  // Live: what others type in the text fields and tags shows here as it arrives.
  useEffect(
    () =>
      live?.onFields((remote) => {
        // Most changes from elsewhere are in the body, which TipTap shows itself: the view
        // renders again only when a field it shows changed.
        const current = fieldsRef.current as unknown as Record<string, unknown>;
        const changedHere = Object.entries(remote).filter(
          ([name, value]) => JSON.stringify(current[name]) !== JSON.stringify(value),
        );
        if (changedHere.length === 0) return;
        fieldsRef.current = { ...fieldsRef.current, ...Object.fromEntries(changedHere) };
        setFields(fieldsRef.current);
      }),
    [live],
  );
  const setLine = useCallback((name: LineFieldName, value: string) => setField(name, value), [setField]);

  // Where the caret starts: a new, empty story in its first field (the kicker); a story
  // opened to work on in its body. Once, when the view opens.
  const sheetRef = useRef<HTMLElement>(null);
  useEffect(() => {
    const fresh = !story.kicker && !story.headline && !bodyText(story.body).trim();
    const editor = editorRef.current;
    if (fresh) sheetRef.current?.querySelector<HTMLElement>('.headline-group .field__input')?.focus();
    else if (editor && !editor.isDestroyed) {
      editor.commands.focus('start', { scrollIntoView: false });
      // Opened from a search hit: to the first match, highlighted until the text is edited.
      const query = takePendingHighlight(story.id);
      if (query) highlightFirstMatch(editor, query);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the story as it opened, not as it changes
  }, []);

  // Recovered on this revision: the fields are back in the editor; mark them for the autosave.
  const recoveredOnce = useRef(false);
  useEffect(() => {
    if (recoveredOnce.current || plan.kind !== 'apply') return;
    recoveredOnce.current = true;
    for (const field of Object.keys(plan.changes) as EditableField[]) changed(field);
  }, [plan, changed]);

  const keepRecovered = () => {
    if (!recovery) return;
    const { body, ...rest } = recovery.changes;
    for (const [name, value] of Object.entries(rest) as [EditableField, EditableFields[EditableField]][]) {
      setField(name, value);
    }
    const editor = editorRef.current;
    if (body && editor && !editor.isDestroyed) {
      editor.commands.setContent(body, { emitUpdate: false });
      changed('body');
      measure.reset(body);
    }
    setRecovery(null);
  };
  const discardRecovered = () => {
    const storage = browserJournalStorage();
    // Only the old entry: anything typed since has already been journalled afresh.
    if (storage && !saver.isDirty()) clearJournal(storage, story.id);
    setRecovery(null);
  };

  const onBodyChange = useCallback(
    (editor: Editor) => {
      // Live, the body is in the shared document (the core writes it into the library).
      if (!live) changed('body');
      measure.bodyChanged(editor);
    },
    [changed, measure, live],
  );

  const insertPhotos = usePhotoInsert(editorRef, reportError);

  const move = (step: WorkflowStep) => {
    setField('status', step.to);
    // At once, not after the autosave pause: the desk sees a status change immediately.
    void saver.saveNow();
  };

  const back = async () => {
    const result = await saver.saveNow();
    if (result.ok) onLeave();
    else setConfirming('leave');
  };

  const trash = async () => {
    setConfirming(null);
    // Save first, so what lands in the trash (and may be restored) is the latest text.
    await saver.saveNow();
    try {
      await api.trashStory({ id: story.id });
      saver.discard();
      onLeave();
    } catch (error) {
      setActionError(error);
    }
  };

  const line = (name: LineFieldName, wraps = false) => (
    <LineField
      name={name}
      label={t(`story.${name}`)}
      value={fields[name]}
      language={language}
      onChange={setLine}
      wraps={wraps}
    />
  );

  const template = fields.fit ? (findTemplate(fields.fit.templateId) ?? null) : null;
  const estimate = useMemo(
    () => (template && fields.fit ? estimateFit(measures.body, language, template, fields.fit) : null),
    [measures.body, language, template, fields.fit],
  );
  const headFields = useMemo(
    () => ({
      kicker: fields.kicker,
      headline: fields.headline,
      subheadline: fields.subheadline,
      byline: fields.byline,
      dateline: fields.dateline,
    }),
    [fields.kicker, fields.headline, fields.subheadline, fields.byline, fields.dateline],
  );
  // Placed on a page: the figure measured in the layout replaces the estimate.
  const measured = useMeasuredFit(story, measures.body, headFields);
  const suggestionText = useMemo(
    () => [fields.kicker, fields.headline, fields.subheadline, bodyText(measures.body)].join('\n'),
    [fields.kicker, fields.headline, fields.subheadline, measures.body],
  );

  const titleForDialogs = fields.headline.trim() || t('library.untitled');

  return (
    <div className="story-view">
      <div className="story-toolbar" role="group" aria-label={t('story.toolbar')}>
        <button type="button" className="button button--quiet story-toolbar__back" onClick={() => void back()}>
          <span aria-hidden="true">← </span>
          {t('story.back')}
        </button>
        <StoryTools
          editorRef={editorRef}
          language={language}
          readFields={() => fieldsRef.current}
          setField={setField}
          save={() => void saver.keepVersion(null)}
          nameVersion={() => setNamingVersion(true)}
          openHistory={() => setHistoryOpen(true)}
          trash={() => setConfirming('trash')}
          workflow={{ status, history: statusHistory, move }}
        />
        <div className="story-toolbar__spacer" />
        {live && <LivePeers live={live} />}
        <SaveIndicator state={saver.state} />
        <button type="button" className="button button--primary" onClick={() => void saver.keepVersion(null)}>
          {t('story.save')}
        </button>
        <button type="button" className="button" onClick={() => setHistoryOpen(true)}>
          {t('history.open')}
        </button>
        <button type="button" className="button button--danger-quiet" onClick={() => setConfirming('trash')}>
          {t('story.trash')}
        </button>
      </div>

      {saver.state.phase === 'conflict' && (
        <ErrorNotice error={saver.state.error} summary={t('story.conflict')}>
          <button type="button" className="button button--primary" onClick={onReload}>
            {t('story.reload')}
          </button>
        </ErrorNotice>
      )}
      {saver.state.phase === 'error' && <ErrorNotice error={saver.state.error} />}
      {reopenedAt && reopenedAt !== dismissedReopen && (
        <div className="notice notice--info" role="status">
          <div className="notice__text">
            <p className="notice__summary">{t('workflow.reopenedNotice')}</p>
          </div>
          <div className="notice__actions">
            <button type="button" className="button button--quiet" onClick={() => setDismissedReopen(reopenedAt)}>
              {t('errors.dismiss')}
            </button>
          </div>
        </div>
      )}
      {namingVersion && (
        <NameVersionDialog
          onKeep={(name) => void saver.keepVersion(name || null)}
          onClose={() => setNamingVersion(false)}
        />
      )}
      {actionError !== null && <ErrorNotice error={actionError} onDismiss={() => setActionError(null)} />}
      {recovery && (
        <RecoveryNotice
          kind={recovery.kind}
          at={recovery.at}
          onKeep={keepRecovered}
          onDiscard={discardRecovered}
          onDismiss={() => setRecovery(null)}
        />
      )}
      {onOpenSettings && authorName !== undefined && !authorName.trim() && (
        <AuthorPrompt onOpenSettings={onOpenSettings} />
      )}

      <div className="story-layout">
        <article ref={sheetRef} className="story-sheet" lang={language}>
          <section className="headline-group" aria-label={t('story.headlineGroup')}>
            {line('kicker', true)}
            {line('headline', true)}
            {line('subheadline', true)}
          </section>
          <div className="story-sheet__credits">
            {line('dateline')}
            {line('byline')}
          </div>
          <div className="story-sheet__body">
            <span className="field__label" aria-hidden="true">
              {t('story.body')}
            </span>
            {bodyProblem ? (
              <UnloadableBody body={story.body} problem={bodyProblem} language={language} />
            ) : (
              <BodyEditor
                initial={fields.body}
                language={language}
                smartTypography={smartTypography && language === 'en'}
                editorRef={editorRef}
                onChange={onBodyChange}
                onSelectionChange={measure.selectionChanged}
                onPhotoFiles={insertPhotos}
                live={live}
              />
            )}
          </div>
          {/* Above the copyfit bar, which stays at the sheet's foot. */}
          <StoryProofing
            editorRef={editorRef}
            storyId={story.id}
            language={language}
            fields={headFields}
            date={measured?.editionDate ?? null}
          />
          <CopyfitBar
            estimate={measured?.estimate ?? estimate}
            template={measured?.template ?? template}
            block={
              measured
                ? { templateId: measured.template.id, columns: measured.columns, lines: measured.lines }
                : fields.fit
            }
            language={language}
            measuredOn={measured ? { date: measured.editionDate, page: measured.pageNumber } : null}
          />
        </article>

        <StoryDetails
          fields={shownFields}
          language={language}
          revision={saver.revision}
          counts={measures.counts}
          selection={measures.selection}
          live={measure.live}
          statusHistory={statusHistory}
          text={suggestionText}
          saving={saver.state.phase === 'saving'}
          setField={setField}
          onMove={move}
          line={(name) => line(name)}
        />
      </div>

      {confirming === 'trash' && (
        <ConfirmDialog
          title={t('story.trashConfirmTitle')}
          text={t('story.trashConfirmText', { headline: titleForDialogs })}
          confirmLabel={t('story.trash')}
          cancelLabel={t('story.cancel')}
          danger
          onConfirm={() => void trash()}
          onCancel={() => setConfirming(null)}
        />
      )}
      {historyOpen && (
        <HistoryDialog
          storyId={story.id}
          language={language}
          revision={saver.revision}
          saveNow={saver.saveNow}
          onReload={() => {
            // Everything typed was saved before the restore; the fresh editor shows the restored text.
            saver.discard();
            onReload();
          }}
          onClose={() => setHistoryOpen(false)}
        />
      )}
      {confirming === 'leave' && (
        <ConfirmDialog
          title={t('story.leaveTitle')}
          text={t('story.leaveText')}
          confirmLabel={t('story.leave')}
          cancelLabel={t('story.stay')}
          danger
          onConfirm={() => {
            setConfirming(null);
            // The draft journal keeps the unsaved edits; the story offers them back when reopened.
            onLeave();
          }}
          onCancel={() => setConfirming(null)}
        />
      )}
    </div>
  );
}
