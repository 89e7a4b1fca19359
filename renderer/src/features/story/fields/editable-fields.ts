import { type Story, StoryFields } from '../../../../../shared/model';

/** What the story view edits and saves; the language is fixed when the story is created. */
export type EditableFields = Pick<
  StoryFields,
  | 'kicker'
  | 'headline'
  | 'subheadline'
  | 'byline'
  | 'dateline'
  | 'slug'
  | 'section'
  | 'status'
  | 'body'
  | 'tags'
  | 'targetLength'
  | 'notes'
  | 'fit'
>;

export type EditableField = keyof EditableFields;

export const editableFieldNames = [
  'kicker',
  'headline',
  'subheadline',
  'byline',
  'dateline',
  'slug',
  'section',
  'status',
  'body',
  'tags',
  'targetLength',
  'notes',
  'fit',
] as const satisfies readonly EditableField[];

/**
 * The editable fields as a schema, each optional: what a draft journal may hold. `fit` is
 * restated without its default, so a journal without it does not come back as "fit: null".
 */
export const EditableChanges = StoryFields.pick({
  kicker: true,
  headline: true,
  subheadline: true,
  byline: true,
  dateline: true,
  slug: true,
  section: true,
  status: true,
  body: true,
  tags: true,
  targetLength: true,
  notes: true,
})
  .extend({ fit: StoryFields.shape.fit.unwrap() })
  .partial();

export type LineFieldName = 'kicker' | 'headline' | 'subheadline' | 'byline' | 'dateline' | 'slug' | 'section';

/** Mirrors the schema's maxima, so the input refuses what the host would reject. */
export const lineMaxLength: Record<LineFieldName, number> = {
  kicker: 200,
  headline: 300,
  subheadline: 300,
  byline: 200,
  dateline: 200,
  slug: 120,
  section: 60,
};

export const NOTES_MAX_LENGTH = 20_000;

export const pickEditable = (story: Story): EditableFields => ({
  kicker: story.kicker,
  headline: story.headline,
  subheadline: story.subheadline,
  byline: story.byline,
  dateline: story.dateline,
  slug: story.slug,
  section: story.section,
  status: story.status,
  body: story.body,
  tags: story.tags,
  targetLength: story.targetLength,
  notes: story.notes,
  fit: story.fit,
});

/** The fields are single lines: pasted line breaks become spaces rather than a refused save. */
export const toSingleLine = (value: string): string => value.replace(/[\r\n]+/g, ' ');
