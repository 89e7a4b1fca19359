import type { Story, StoryFields } from '../../../../shared/model';

/** What the story view edits and saves; tags, notes and target length have their own panels later. */
export type EditableFields = Pick<
  StoryFields,
  'kicker' | 'headline' | 'subheadline' | 'byline' | 'dateline' | 'slug' | 'section' | 'status' | 'body'
>;

export type LineFieldName = Exclude<keyof EditableFields, 'status' | 'body'>;

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
});

/** The fields are single lines: pasted line breaks become spaces rather than a refused save. */
export const toSingleLine = (value: string): string => value.replace(/[\r\n]+/g, ' ');
