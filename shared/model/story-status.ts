/**
 * The desk workflow's statuses, in order. `spiked` (撤稿) is a state a story can be restored
 * from. A plain list (story.ts makes the schema of it) so the library's first screen can offer
 * and count statuses without loading zod.
 */
export const STORY_STATUSES = ['draft', 'submitted', 'edited', 'approved', 'spiked'] as const;

export type StoryStatusName = (typeof STORY_STATUSES)[number];

export const isStoryStatus = (value: unknown): value is StoryStatusName =>
  (STORY_STATUSES as readonly unknown[]).includes(value);
