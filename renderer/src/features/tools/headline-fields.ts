/** The headline group (引题, 主题, 副题): the tools reach them through the story view's setters. */
export const HEADLINE_FIELDS = ['kicker', 'headline', 'subheadline'] as const;
export type HeadlineField = (typeof HEADLINE_FIELDS)[number];

/** Every text field of a story outside the body, in the order the editor shows them. */
export const TEXT_FIELDS = ['kicker', 'headline', 'subheadline', 'byline', 'dateline', 'notes'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

export interface HeadlineFields {
  /** The current values, read when a tool opens and again when it applies. */
  read: () => Record<TextField, string>;
  /** Sets one field as if typed: the story view marks it changed and autosaves it. */
  set: (field: TextField, value: string) => void;
}
