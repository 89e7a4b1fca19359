import { bodyText, countText } from '../text/count';
import type { Story, StorySummary } from './story';

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
