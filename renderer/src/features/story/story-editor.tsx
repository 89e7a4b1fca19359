import type { Editor } from '@tiptap/react';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Story } from '../../../../shared/model';
import { api } from '../../api/client';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { ErrorNotice } from '../../ui/error-notice';
import { BodyCount } from './body-count';
import { BodyEditor } from './body-editor';
import { type EditableFields, type LineFieldName, pickEditable } from './editable-fields';
import { LineField } from './line-field';
import { readBody } from './read-body';
import { SaveIndicator } from './save-indicator';
import { StatusField } from './status-field';
import { useBodyCounts } from './use-body-counts';
import { useStorySaver } from './use-story-saver';

interface StoryEditorProps {
  story: Story;
  /** Back to the library (after the story is saved, trashed or knowingly abandoned). */
  onLeave: () => void;
  /** Loads the story afresh from the library, dropping local edits (after a conflict). */
  onReload: () => void;
  reportError: (error: unknown) => void;
}

export function StoryEditor({ story, onLeave, onReload, reportError }: StoryEditorProps) {
  const { t } = useTranslation();
  const language = story.language;
  const [fields, setFields] = useState(() => pickEditable(story));
  const fieldsRef = useRef(fields);
  const editorRef = useRef<Editor | null>(null);
  const [confirming, setConfirming] = useState<'trash' | 'leave' | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [counts, recount] = useBodyCounts(story.body);

  const read = useCallback((): EditableFields => {
    const editor = editorRef.current;
    return { ...fieldsRef.current, body: editor && !editor.isDestroyed ? readBody(editor) : fieldsRef.current.body };
  }, []);
  const saver = useStorySaver({ story, read, onBackgroundError: reportError });
  const { changed } = saver;

  const setLine = useCallback(
    (name: LineFieldName, value: string) => {
      fieldsRef.current = { ...fieldsRef.current, [name]: value };
      setFields(fieldsRef.current);
      changed(name);
    },
    [changed],
  );

  const onBodyChange = useCallback(
    (editor: Editor) => {
      changed('body');
      recount(editor);
    },
    [changed, recount],
  );

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

  const titleForDialogs = fields.headline.trim() || t('library.untitled');

  return (
    <div className="story-view">
      <div className="story-toolbar" role="group" aria-label={t('story.toolbar')}>
        <button type="button" className="button button--quiet story-toolbar__back" onClick={() => void back()}>
          <span aria-hidden="true">← </span>
          {t('story.back')}
        </button>
        <div className="story-toolbar__spacer" />
        <SaveIndicator state={saver.state} />
        <button type="button" className="button button--primary" onClick={() => void saver.saveNow()}>
          {t('story.save')}
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
      {actionError !== null && <ErrorNotice error={actionError} onDismiss={() => setActionError(null)} />}

      <div className="story-layout">
        <article className="story-sheet" lang={language}>
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
            <BodyEditor initial={story.body} language={language} editorRef={editorRef} onChange={onBodyChange} />
          </div>
        </article>

        <aside className="story-meta" aria-label={t('story.details')}>
          <BodyCount counts={counts} language={language} />
          {line('slug')}
          {line('section')}
          <StatusField
            value={fields.status}
            onChange={(status) => {
              fieldsRef.current = { ...fieldsRef.current, status };
              setFields(fieldsRef.current);
              changed('status');
            }}
          />
          <dl className="story-meta__facts">
            <dt>{t('story.language')}</dt>
            <dd>{t(`language.${language}`)}</dd>
            <dt>{t('story.revision')}</dt>
            <dd>{saver.revision}</dd>
          </dl>
          <p className="story-meta__hint">{t('story.shortcutHint')}</p>
        </aside>
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
      {confirming === 'leave' && (
        <ConfirmDialog
          title={t('story.leaveTitle')}
          text={t('story.leaveText')}
          confirmLabel={t('story.leave')}
          cancelLabel={t('story.stay')}
          danger
          onConfirm={() => {
            setConfirming(null);
            onLeave();
          }}
          onCancel={() => setConfirming(null)}
        />
      )}
    </div>
  );
}
