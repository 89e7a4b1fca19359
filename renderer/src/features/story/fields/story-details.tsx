import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { StatusChange, StoryLanguage } from '../../../../../shared/model';
import type { StoryCounts, TextCounts } from '../../../../../shared/text/count';
import { BodyCount } from '../measure/body-count';
import type { LiveCounts } from '../measure/use-story-measures';
import type { EditableField, EditableFields, LineFieldName } from './editable-fields';
import { FitBlockFields } from './fit-block-fields';
import { NotesField } from './notes-field';
import { TagsPanel } from '../tags/tags-panel';
import { TargetLengthField } from './target-length-field';
import type { WorkflowStep } from '../../../../../shared/model/workflow';
import { WorkflowPanel } from './workflow-panel';

interface StoryDetailsProps {
  fields: EditableFields;
  language: StoryLanguage;
  revision: number;
  counts: StoryCounts;
  selection: TextCounts | null;
  /** The counts as typing goes (they replace counts and selection while the editor is up). */
  live?: LiveCounts;
  statusHistory: readonly StatusChange[];
  /** Headlines and body as text, for tag suggestions. */
  text: string;
  saving: boolean;
  setField: <K extends EditableField>(name: K, value: EditableFields[K]) => void;
  onMove: (step: WorkflowStep) => void;
  /** Renders a one-line field (slug, section) the way the sheet does. */
  line: (name: LineFieldName) => ReactNode;
}

/** The side panel: length and target, copyfit block, workflow, tags, desk fields and notes. */
export function StoryDetails(props: StoryDetailsProps) {
  const { fields, language, setField } = props;
  const { t } = useTranslation();
  return (
    <aside className="story-meta" aria-label={t('story.details')}>
      <BodyCount
        counts={props.counts}
        selection={props.selection}
        live={props.live}
        language={language}
        target={fields.targetLength}
      />
      <TargetLengthField
        value={fields.targetLength}
        language={language}
        onChange={(value) => setField('targetLength', value)}
      />
      <FitBlockFields value={fields.fit} language={language} onChange={(value) => setField('fit', value)} />
      <WorkflowPanel status={fields.status} history={props.statusHistory} onMove={props.onMove} busy={props.saving} />
      <TagsPanel
        tags={fields.tags}
        text={props.text}
        byline={fields.byline}
        language={language}
        onChange={(tags) => setField('tags', tags)}
      />
      <div className="meta-section story-meta__desk">
        {props.line('slug')}
        {props.line('section')}
      </div>
      <NotesField value={fields.notes} onChange={(value) => setField('notes', value)} />
      <dl className="story-meta__facts">
        <dt>{t('story.language')}</dt>
        <dd>{t(`language.${language}`)}</dd>
        <dt>{t('story.revision')}</dt>
        <dd>{props.revision}</dd>
      </dl>
      <p className="story-meta__hint">{t('story.shortcutHint')}</p>
    </aside>
  );
}
