import { join } from 'node:path';
import { estimateFit } from '../../shared/copyfit/estimate';
import { templateMetrics } from '../../shared/layout/grid';
import type { Edition, Page, Placement } from '../../shared/model/edition';
import type { Story } from '../../shared/model/story';
import { findTemplate } from '../../shared/model/templates';
import { launchChromium } from '../../electron/services/layout/chromium';
import { openLayoutSession } from '../../electron/services/layout/chromium-layout';
import { checkEdition } from '../../electron/services/layout/edition-check';
import { Library } from '../../electron/services/library';
import { tempDir } from '../helpers/temp';
import { type Figure, median, round } from './figures';
import { generateStories } from './generate';

const template = findTemplate('zh-broadsheet')!;

/** A broadsheet page of eight story blocks: two rows of four, two columns each, half the page deep. */
function pageOf(index: number, stories: Story[]): Page {
  const rows = Math.floor(templateMetrics(template).linesPerColumn / 2);
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
  return { id: `page-${index}`, number: index + 1, section: '要闻', templateId: template.id, placements };
}

function editionOf(pages: Page[]): Edition {
  const now = '2026-07-22T08:00:00.000Z';
  return {
    schemaVersion: 1,
    id: 'bench-edition',
    publication: '滨江日报',
    date: '2026-07-23',
    issueNumber: 1,
    templates: [template],
    pages,
    createdAt: now,
    updatedAt: now,
  };
}

/** One more sentence in a story, as an editor's edit does: a new revision. */
function edited(story: Story, n: number): Story {
  const content = [...story.body.content!, { type: 'paragraph', content: [{ type: 'text', text: `补充一句${n}。` }] }];
  return { ...story, revision: story.revision + n, body: { type: 'doc', content } };
}

/**
 * Layout: re-measuring a page of eight placed stories after one edit (only the edited story's
 * chain is set again) against setting the whole page again; and preflight of a 16-page
 * edition measured in Chromium against the copyfit arithmetic for the same blocks.
 */
export async function layoutBench(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const zhStories = generateStories(400).filter((s) => s.language === 'zh-Hans');
  const browser = await launchChromium();
  try {
    const session = await openLayoutSession({ browser });
    let stories = zhStories.slice(0, 8);
    const edition = editionOf([pageOf(0, stories)]);
    await session.layout(edition, stories);
    const incremental: number[] = [];
    const full: number[] = [];
    for (let i = 1; i <= 30; i++) {
      stories = stories.map((s, j) => (j === i % 8 ? edited(s, i) : s));
      let t = performance.now();
      await session.layout(edition, stories);
      incremental.push(performance.now() - t);
      // The baseline: every story on the page changed, so every block is set again.
      stories = stories.map((s) => edited(s, 1000 + i));
      t = performance.now();
      await session.layout(edition, stories);
      full.push(performance.now() - t);
    }
    await session.close();
    figures.push({
      name: 're-measure a page of 8 stories after one edit (median)',
      value: round(median(incremental), 1),
      unit: 'ms',
      baseline: 'the whole page set again',
      baselineValue: round(median(full), 1),
    });

    // A 16-page edition in a real library, preflighted as `masthead check` does.
    const { dir, cleanup } = await tempDir('masthead-bench-layout-');
    try {
      const { library } = await Library.open(join(dir, 'lib'));
      const placed: Story[] = [];
      for (const story of zhStories.slice(0, 128)) {
        const { id: _id, ...fields } = story;
        placed.push(await library.importStory({ ...fields, status: 'approved' }));
      }
      const pages = Array.from({ length: 16 }, (_, p) => pageOf(p, placed.slice(p * 8, p * 8 + 8)));
      const created = await library.createEdition({
        publication: '滨江日报',
        date: '2026-07-23',
        issueNumber: 1,
        templateId: template.id,
        pageCount: 16,
        sections: [],
      });
      await library.saveEdition({ edition: { ...created, pages }, baseUpdatedAt: created.updatedAt });
      const runs: number[] = [];
      let problems = 0;
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        const result = await checkEdition(library, created.id, { browser });
        runs.push(performance.now() - t);
        problems = result.report.problems.length;
      }
      const arithmetic: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        for (const story of placed) estimateFit(story.body, story.language, template, { columns: 2, lines: 50 });
        arithmetic.push(performance.now() - t);
      }
      figures.push({
        name: `preflight of a 16-page edition, 128 stories, measured in Chromium (${problems} findings)`,
        value: round(median(runs), 0),
        unit: 'ms',
        baseline: 'copyfit arithmetic for the same stories',
        baselineValue: round(median(arithmetic), 1),
      });
    } finally {
      await cleanup();
    }
  } finally {
    await browser.close();
  }
  return figures;
}
