import { join } from 'node:path';
import { templateMetrics } from '../../shared/layout/grid';
import type { Edition, Page, Placement } from '../../shared/model/edition';
import type { Story } from '../../shared/model/story';
import { findTemplate } from '../../shared/model/templates';
import { Library } from '../../electron/store/library';
import { generateStories } from './generate';

export const benchTemplate = findTemplate('zh-broadsheet')!;

/** A broadsheet page of eight story blocks: two rows of four, two columns each, half the page deep. */
export function pageOf(index: number, stories: readonly Story[]): Page {
  const rows = Math.floor(templateMetrics(benchTemplate).linesPerColumn / 2);
  const placements: Placement[] = stories.map((story, i) => ({
    id: `p${index}-b${i}`,
    kind: 'story',
    storyId: story.id,
    column: (i % 4) * 2,
    span: 2,
    line: Math.floor(i / 4) * rows,
    lines: rows,
    label: story.slug,
  }));
  return { id: `page-${index}`, number: index + 1, section: '要闻', templateId: benchTemplate.id, placements };
}

/** Chinese stories of realistic lengths from the bench generator. */
export const chineseStories = (count: number): Story[] =>
  generateStories(count * 2)
    .filter((s) => s.language === 'zh-Hans')
    .slice(0, count);

/** A real library in `dir` holding a 16-page edition of 128 approved Chinese stories, eight a page. */
export async function sixteenPageEdition(
  dir: string,
): Promise<{ library: Library; edition: Edition; stories: Story[] }> {
  const { library } = await Library.open(join(dir, 'lib'));
  const stories: Story[] = [];
  for (const story of chineseStories(128)) {
    const { id: _id, ...fields } = story;
    stories.push(await library.importStory({ ...fields, status: 'approved' }));
  }
  const pages = Array.from({ length: 16 }, (_, p) => pageOf(p, stories.slice(p * 8, p * 8 + 8)));
  const created = await library.createEdition({
    publication: '滨江日报',
    date: '2026-07-23',
    issueNumber: 1,
    templateId: benchTemplate.id,
    pageCount: 16,
    sections: [],
  });
  const edition = await library.saveEdition({ edition: { ...created, pages }, baseUpdatedAt: created.updatedAt });
  return { library, edition, stories };
}
