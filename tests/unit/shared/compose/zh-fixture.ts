import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { importTextPage } from '../../../../shared/import/text-page';
import type { Edition, Placement } from '../../../../shared/model/edition';
import type { Story } from '../../../../shared/model/story';
import { applyFixes, findPunctuationFixes } from '../../../../shared/text/normalise';
import { repoRoot } from '../../../helpers/temp';

/** The stories of a sample page as the import gives them, punctuation made full-width as an editor would. */
export async function storiesFromSample(file: string): Promise<Story[]> {
  const page = await readFile(join(repoRoot, '../shared/samples', file), 'utf8');
  return importTextPage(page).stories.map((imported, i) => {
    const paragraphs = imported.parts
      .filter((p) => p.role === 'paragraph')
      .map((p) => applyFixes(p.text, findPunctuationFixes(p.text)));
    const headline = imported.parts.find((p) => p.role === 'headline')?.text ?? `稿件${i + 1}`;
    return {
      schemaVersion: 1,
      id: `zh3-${i + 1}`,
      slug: `zh3-${i + 1}`,
      section: '要闻',
      status: 'approved',
      kicker: imported.parts.find((p) => p.role === 'kicker')?.text ?? '',
      headline: applyFixes(headline, findPunctuationFixes(headline)),
      subheadline: imported.parts.find((p) => p.role === 'subheadline')?.text ?? '',
      byline: '',
      dateline: '',
      body: {
        type: 'doc',
        content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
      },
      tags: [],
      targetLength: null,
      notes: '',
      language: 'zh-Hans',
      fit: null,
      createdAt: '2026-07-22T08:00:00.000Z',
      updatedAt: '2026-07-22T08:00:00.000Z',
      revision: 1,
      createdBy: '',
      updatedBy: '',
      statusHistory: [],
    } satisfies Story;
  });
}

/** A front page of those stories on the front-page template, the lead jumping to page 2. */
export function frontPageEdition(stories: Story[]): Edition {
  const block = (
    id: string,
    storyId: string,
    column: number,
    span: number,
    line: number,
    lines: number,
    extra: Partial<Placement> = {},
  ): Placement => ({
    id,
    kind: 'story',
    storyId,
    column,
    span,
    line,
    lines,
    label: id,
    ...extra,
  });
  const [lead, ...rest] = stories;
  const front: Placement[] = [
    block('lead', lead!.id, 0, 3, 0, 21, { rank: 'lead' }),
    { ...block('photo', lead!.id, 0, 3, 21, 19), kind: 'photo', storyId: null, caption: '汛前检查' },
  ];
  const others: Placement[] = [block('lead-jump', lead!.id, 0, 3, 0, 60, { continuation: true })];
  // The second story beside the lead; the third across the page under both, wider than the lead.
  if (rest[0]) front.push(block('side-0', rest[0].id, 3, 5, 0, 40));
  if (rest[1]) front.push(block('low-2', rest[1].id, 0, 6, 40, 36));
  return {
    schemaVersion: 1,
    id: 'front',
    publication: '滨江日报',
    date: '2026-07-23',
    issueNumber: 8123,
    templates: [],
    pages: [
      { id: 'p1', number: 1, section: '要闻', templateId: 'zh-broadsheet-front', placements: front },
      { id: 'p2', number: 2, section: '要闻', templateId: 'zh-broadsheet', placements: others },
    ],
    createdAt: '2026-07-22T08:00:00.000Z',
    updatedAt: '2026-07-22T08:00:00.000Z',
  };
}
