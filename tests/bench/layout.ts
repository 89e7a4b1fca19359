import type { Edition } from '../../shared/model/edition';
import type { Story } from '../../shared/model/story';
import { estimateFit } from '../../shared/copyfit/estimate';
import { launchChromium } from '../../electron/layout/chromium';
import { openLayoutSession } from '../../electron/layout/chromium-layout';
import { checkEdition } from '../../electron/layout/edition-check';
import { systemFonts } from '../../electron/layout/fonts';
import { EditionComposer } from '../../shared/compose/compose-edition';
import { tempDir } from '../helpers/temp';
import { type Figure, median, round } from './figures';
import { benchTemplate, chineseStories, pageOf, sixteenPageEdition } from './edition-fixture';

function editionOf(stories: Story[]): Edition {
  const now = '2026-07-22T08:00:00.000Z';
  return {
    schemaVersion: 1,
    id: 'bench-edition',
    publication: '滨江日报',
    date: '2026-07-23',
    issueNumber: 1,
    templates: [benchTemplate],
    pages: [pageOf(0, stories)],
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
 * Layout: re-measuring a page of eight placed stories after one edit with the page composer
 * (only the edited story's chain is set again) against the same edits re-measured by the old
 * engine in Chromium; and preflight of a 16-page edition measured by the composer against
 * the copyfit arithmetic for the same blocks.
 */
export async function layoutBench(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const browser = await launchChromium();
  try {
    const session = await openLayoutSession({ browser });
    const composer = new EditionComposer(systemFonts());
    let stories = chineseStories(8);
    const edition = editionOf(stories);
    await session.layout(edition, stories);
    composer.compose({ edition, stories: new Map(stories.map((s) => [s.id, s])) });
    const incremental: number[] = [];
    const chromium: number[] = [];
    for (let i = 1; i <= 30; i++) {
      stories = stories.map((s, j) => (j === i % 8 ? edited(s, i) : s));
      let t = performance.now();
      composer.compose({ edition, stories: new Map(stories.map((s) => [s.id, s])) });
      incremental.push(performance.now() - t);
      // The baseline: the same edit re-measured by the engine in Chromium.
      t = performance.now();
      await session.layout(edition, stories);
      chromium.push(performance.now() - t);
    }
    await session.close();
    figures.push({
      name: 're-measure a page of 8 stories after one edit, page composer (median)',
      value: round(median(incremental), 1),
      unit: 'ms',
      baseline: 'the same edit re-measured in Chromium',
      baselineValue: round(median(chromium), 1),
    });

    // A 16-page edition in a real library, preflighted as `masthead check` does.
    const { dir, cleanup } = await tempDir('masthead-bench-layout-');
    try {
      const { library, edition: sixteen, stories: placed } = await sixteenPageEdition(dir);
      // The first check in the process opens the faces and the spelling dictionary and sets
      // everything; each later one (the desk checks again after an edit) sets and proofs only
      // the story that changed.
      let t = performance.now();
      let problems = (await checkEdition(library, sixteen.id)).report.problems.length;
      const first = performance.now() - t;
      const runs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const story = await library.getStory(placed[i * 40]!.id);
        await library.saveStory({
          id: story.id,
          baseRevision: story.revision,
          changes: { body: edited(story, 1).body },
        });
        t = performance.now();
        const result = await checkEdition(library, sixteen.id);
        runs.push(performance.now() - t);
        problems = result.report.problems.length;
      }
      const arithmetic: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        for (const story of placed) estimateFit(story.body, story.language, benchTemplate, { columns: 2, lines: 50 });
        arithmetic.push(performance.now() - t);
      }
      // The composer's share of it: every block of the 16 pages set from scratch (fonts already loaded).
      const composing: number[] = [];
      const storyMap = new Map(placed.map((s) => [s.id, s]));
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        new EditionComposer(systemFonts()).compose({ edition: sixteen, stories: storyMap });
        composing.push(performance.now() - t);
      }
      figures.push({
        name: 'compose a 16-page edition, 128 stories, from scratch (page composer alone, median of 3)',
        value: round(median(composing), 0),
        unit: 'ms',
        baseline: 'copyfit arithmetic for the same stories',
        baselineValue: round(median(arithmetic), 1),
      });
      figures.push({
        name: `preflight of a 16-page edition, 128 stories, after one story edited (page composer and proofing; target < 300 ms; ${problems} findings)`,
        value: round(median(runs), 0),
        unit: 'ms',
        baseline: 'the first check in the process (faces, dictionary, every story set and proofed)',
        baselineValue: round(first, 0),
      });
    } finally {
      await cleanup();
    }
  } finally {
    await browser.close();
  }
  return figures;
}
