import { bodyText, countText } from '../text/count';
import type { Story, StoryRow, StorySummary } from './story';

export function summariseStory(story: Story): StorySummary {
  const counts = countText(bodyText(story.body));
  return {
    id: story.id,
    slug: story.slug,
    section: story.section,
    status: story.status,
    kicker: story.kicker,
    headline: story.headline,
    language: story.language,
    charCount: counts.characters,
    wordCount: counts.words,
    updatedAt: story.updatedAt,
    revision: story.revision,
    byline: story.byline,
    tags: story.tags,
    createdAt: story.createdAt,
    createdBy: story.createdBy,
    updatedBy: story.updatedBy,
  };
}

/** The list row of a summary (see StoryRow). */
export const toStoryRow = (s: StorySummary): StoryRow => ({
  id: s.id,
  headline: s.headline,
  kicker: s.kicker,
  section: s.section,
  status: s.status,
  language: s.language,
  charCount: s.charCount,
  wordCount: s.wordCount,
  updatedAt: s.updatedAt,
  byline: s.byline,
  tags: s.tags,
  createdBy: s.createdBy,
  updatedBy: s.updatedBy,
});
