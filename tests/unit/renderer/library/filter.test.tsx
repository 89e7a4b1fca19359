import { describe, expect, it } from 'vitest';
import type { StorySummary } from '../../../../shared/model';
import {
  type LibraryFilter,
  bylineNames,
  dateWindow,
  defaultFilter,
  defaultSort,
  filterChoicesOf,
  filterStories,
  fromQuery,
  indexStories,
  sortStories,
  statusCounts,
  toQuery,
} from '../../../../renderer/src/features/library/library-filter';
import { neighbourStory } from '../../../../renderer/src/features/library/library-view-state';

const summary = (over: Partial<StorySummary> & Pick<StorySummary, 'id'>): StorySummary => ({
  slug: '',
  section: '',
  status: 'draft',
  kicker: '',
  headline: over.id,
  language: 'zh-Hans',
  charCount: 100,
  wordCount: 0,
  updatedAt: '2026-07-22T10:00:00.000Z',
  revision: 1,
  byline: '',
  tags: [],
  createdBy: '',
  updatedBy: '',
  ...over,
});

const stories: StorySummary[] = [
  summary({
    id: 'library',
    headline: '滨江图书馆今起免费开放',
    section: '要闻',
    status: 'edited',
    charCount: 820,
    byline: '本报记者 林小雨',
    updatedBy: '王编辑',
    tags: [{ kind: 'place', name: '滨江区' }],
    updatedAt: '2026-07-22T10:40:00.000Z',
  }),
  summary({
    id: 'port',
    headline: '港口外贸量创新高',
    section: '经济',
    status: 'draft',
    charCount: 640,
    byline: '本报记者 周明远、通讯员 文静',
    tags: [{ kind: 'organisation', name: '港务集团' }],
    updatedAt: '2026-07-22T08:20:00.000Z',
  }),
  summary({
    id: 'bridge',
    headline: 'Harbour bridge to close for six weekends',
    section: 'City',
    status: 'submitted',
    language: 'en',
    charCount: 2400,
    wordCount: 480,
    byline: 'By Maria Alvarez',
    createdBy: 'Maria Alvarez',
    tags: [{ kind: 'place', name: 'Port Hadley' }],
    updatedAt: '2026-07-21T16:05:00.000Z',
  }),
  summary({
    id: 'meals',
    headline: 'School meals go free',
    section: 'Education',
    status: 'approved',
    language: 'en',
    charCount: 1000,
    wordCount: 200,
    byline: 'By Tom Okafor and Ann Lee',
    updatedAt: '2026-07-17T12:00:00.000Z',
  }),
  summary({ id: 'spiked', headline: '撤下的稿件', status: 'spiked', updatedAt: '2026-07-22T11:00:00.000Z' }),
  summary({ id: 'loose', headline: '没有栏目的稿件', updatedAt: '2026-07-10T09:00:00.000Z' }),
];

const now = Date.parse('2026-07-22T12:00:00.000Z');
const indexed = indexStories(stories);
const ids = (filter: Partial<LibraryFilter>) =>
  filterStories(indexed, { ...defaultFilter(), ...filter }, now).map((e) => e.story.id);

describe('library filters', () => {
  it('hide spiked stories until asked for, and combine status chips with the spiked toggle', () => {
    expect(ids({})).not.toContain('spiked');
    expect(ids({ showSpiked: true })).toContain('spiked');
    expect(ids({ statuses: ['draft', 'approved'] }).sort()).toEqual(['loose', 'meals', 'port']);
    expect(ids({ statuses: ['draft'], showSpiked: true }).sort()).toEqual(['loose', 'port', 'spiked']);
  });

  it('filter by section, with "no section" as a choice of its own', () => {
    expect(ids({ section: '经济' })).toEqual(['port']);
    expect(ids({ section: '' })).toEqual(['loose']);
  });

  it('filter by tag, case-insensitively and by part of the name', () => {
    expect(ids({ tag: '港务' })).toEqual(['port']);
    expect(ids({ tag: 'port hadley' })).toEqual(['bridge']);
    expect(ids({ tag: '  ' }).length).toBe(5);
  });

  it('filter by author: last editor, creator or a name in the byline', () => {
    expect(ids({ author: '王编辑' })).toEqual(['library']);
    expect(ids({ author: '林小雨' })).toEqual(['library']);
    expect(ids({ author: '文静' })).toEqual(['port']);
    expect(ids({ author: 'Maria Alvarez' })).toEqual(['bridge']);
    expect(ids({ author: 'Ann Lee' })).toEqual(['meals']);
  });

  it('filter by language and by date of last change', () => {
    expect(ids({ language: 'en' }).sort()).toEqual(['bridge', 'meals']);
    const today = ids({ date: { kind: 'today' } });
    // "Today" is the local calendar day of `now`; the two stories of the 22nd (UTC morning) are in it
    // in any time zone within ±10 hours of UTC.
    expect(today).toEqual(expect.arrayContaining(['library', 'port']));
    expect(today).not.toContain('meals');
    expect(ids({ date: { kind: 'week' } })).not.toContain('loose');
    expect(ids({ date: { kind: 'week' } })).toContain('meals');
    expect(ids({ date: { kind: 'custom', from: '2026-07-10', to: '2026-07-17' } }).sort()).toEqual(['loose', 'meals']);
    expect(ids({ date: { kind: 'custom', from: '', to: '' } }).length).toBe(5);
  });

  it('include the whole last day of a custom range', () => {
    const { from, to } = dateWindow({ kind: 'custom', from: '2026-07-01', to: '2026-07-01' }, now);
    expect(to! - from!).toBe(24 * 60 * 60 * 1000);
    expect(new Date(from!).getHours()).toBe(0);
  });

  it('count stories per status under the other filters', () => {
    const counts = statusCounts(indexed, { ...defaultFilter(), language: 'zh-Hans', statuses: ['draft'] }, now);
    expect(counts).toEqual({ draft: 2, submitted: 0, edited: 1, approved: 0, spiked: 1 });
  });

  it('offer the sections, authors and languages present', () => {
    const choices = filterChoicesOf(indexStories(stories));
    expect(choices.sections).toEqual(expect.arrayContaining(['要闻', '经济', 'City', 'Education']));
    expect(choices.unsectioned).toBe(true);
    expect(choices.authors).toEqual(
      expect.arrayContaining(['林小雨', '周明远', '文静', '王编辑', 'Maria Alvarez', 'Tom Okafor', 'Ann Lee']),
    );
    expect(choices.authors).not.toContain('本报记者');
    expect(choices.languages).toEqual(['en', 'zh-Hans']);
  });
});

describe('byline names', () => {
  it.each([
    ['本报记者 林小雨', ['林小雨']],
    ['本报记者林小雨', ['林小雨']],
    ['本报记者 林小雨 周明远', ['林小雨', '周明远']],
    ['本报记者 周明远、通讯员 文静', ['周明远', '文静']],
    ['文/图 林小雨', ['林小雨']],
    ['By Maria Alvarez', ['Maria Alvarez']],
    ['By Tom Okafor and Ann Lee', ['Tom Okafor', 'Ann Lee']],
    ['Bylinda Smith', ['Bylinda Smith']],
    ['', []],
  ])('%s', (byline, names) => {
    expect(bylineNames(byline)).toEqual(names);
  });
});

describe('library sort', () => {
  const sorted = (key: Parameters<typeof sortStories>[1]['key'], direction: 'asc' | 'desc') =>
    sortStories(filterStories(indexed, defaultFilter(), now), { key, direction }).map((e) => e.story.id);

  it('is newest first by default', () => {
    expect(sortStories(indexed, defaultSort()).map((e) => e.story.id)[0]).toBe('spiked');
    expect(sorted('updated', 'desc')).toEqual(['library', 'port', 'bridge', 'meals', 'loose']);
  });

  it('sorts by length in column space: an English letter takes half the room of a 字', () => {
    expect(sorted('length', 'desc')).toEqual(['bridge', 'library', 'port', 'meals', 'loose']);
    expect(sorted('length', 'asc')).toEqual(['loose', 'meals', 'port', 'library', 'bridge']);
  });

  it('sorts by status in workflow order and by headline, Chinese by pinyin', () => {
    expect(sorted('status', 'asc')).toEqual(['port', 'loose', 'bridge', 'library', 'meals']);
    const headlines = sorted('headline', 'asc');
    // Pinyin order: 滨 bīn, 港 gǎng, 没 méi.
    expect(headlines.filter((id) => ['library', 'port', 'loose'].includes(id))).toEqual(['library', 'port', 'loose']);
  });

  it('breaks ties by last change, so the order is stable', () => {
    const tied = indexStories([summary({ id: 'a' }), summary({ id: 'b', updatedAt: '2026-07-23T00:00:00.000Z' })]);
    expect(sortStories(tied, { key: 'section', direction: 'asc' }).map((e) => e.story.id)).toEqual(['b', 'a']);
  });
});

describe('filters in the address', () => {
  it('round-trip through the query string and leave defaults out', () => {
    expect(toQuery(defaultFilter(), defaultSort())).toBe('');
    const filter: LibraryFilter = {
      statuses: ['draft', 'edited'],
      showSpiked: true,
      section: '要闻',
      tag: '滨江区',
      author: '林小雨',
      date: { kind: 'custom', from: '2026-07-01', to: '2026-07-22' },
      language: 'zh-Hans',
    };
    const sort = { key: 'length', direction: 'asc' } as const;
    expect(fromQuery(toQuery(filter, sort))).toEqual({ filter, sort });
    expect(fromQuery(toQuery({ ...defaultFilter(), section: '' }, defaultSort())).filter.section).toBe('');
  });

  it('ignore what it does not know', () => {
    const { filter, sort } = fromQuery('status=draft,bogus,spiked&sort=colour:up&date=yesterday&lang=fr');
    expect(filter).toEqual({ ...defaultFilter(), statuses: ['draft'] });
    expect(sort).toEqual(defaultSort());
  });
});

describe('next and previous story', () => {
  const order = stories.slice(0, 3);
  it('step through the order and stop at the ends', () => {
    expect(neighbourStory(order, 'library', 1)?.id).toBe('port');
    expect(neighbourStory(order, 'port', -1)?.id).toBe('library');
    expect(neighbourStory(order, 'bridge', 1)).toBeNull();
    expect(neighbourStory(order, 'library', -1)).toBeNull();
  });
  it('enter the list from an end when the story is not in it', () => {
    expect(neighbourStory(order, 'elsewhere', 1)?.id).toBe('library');
    expect(neighbourStory(order, 'elsewhere', -1)?.id).toBe('bridge');
  });
});
