import type { StoryLanguage, StoryRow, StoryStatus } from '../../../../shared/model';
import { STORY_STATUSES } from '../../../../shared/model/story-status';

/**
 * The library's filters and sort order, as plain data and pure functions: the view memoises
 * them, the URL carries them, and "next story" walks the same order the table shows.
 */

/** The workflow statuses shown by default; spiked stories (撤稿) only appear when asked for. */
export const WORKING_STATUSES = ['draft', 'submitted', 'edited', 'approved'] as const satisfies StoryStatus[];
export type WorkingStatus = (typeof WORKING_STATUSES)[number];

export type DateRange =
  | { kind: 'any' }
  | { kind: 'today' }
  | { kind: 'week' }
  /** Inclusive local calendar days, `YYYY-MM-DD`; an empty end is open. */
  | { kind: 'custom'; from: string; to: string };

export interface LibraryFilter {
  /** Working statuses to show; none chosen means all four. */
  statuses: WorkingStatus[];
  /** Adds spiked stories to whatever the status chips show. */
  showSpiked: boolean;
  /** A section name, '' for stories without one, null for any. */
  section: string | null;
  /** Part of a tag name, matched case-insensitively; '' for any. */
  tag: string;
  /** A person: the last editor, the creator or a name in the byline. */
  author: string | null;
  date: DateRange;
  language: StoryLanguage | null;
}

export const SORT_KEYS = ['headline', 'section', 'status', 'length', 'updated'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';
export interface LibrarySort {
  key: SortKey;
  direction: SortDirection;
}

export const defaultFilter = (): LibraryFilter => ({
  statuses: [],
  showSpiked: false,
  section: null,
  tag: '',
  author: null,
  date: { kind: 'any' },
  language: null,
});

/** Newest first, the order the library has always had. */
export const defaultSort = (): LibrarySort => ({ key: 'updated', direction: 'desc' });

/** The direction a column sorts in when first clicked: dates and lengths biggest first. */
export const firstDirection = (key: SortKey): SortDirection => (key === 'updated' || key === 'length' ? 'desc' : 'asc');

export const isFiltered = (filter: LibraryFilter): boolean =>
  filter.statuses.length > 0 ||
  filter.showSpiked ||
  filter.section !== null ||
  filter.tag.trim() !== '' ||
  filter.author !== null ||
  filter.date.kind !== 'any' ||
  filter.language !== null;

// ---------- People ----------

/**
 * Role words in bylines that are not names: 本报记者 林小雨, By Maria Alvarez. The one-character
 * credits (文 / 图) only count as such when set apart, or 文静 would lose her surname.
 */
const ROLE_WORDS =
  /^(?:(?:本报记者|本报特约记者|本报通讯员|特约记者|通讯员|实习生|新华社记者|中新社记者|记者|摄影|撰稿|编辑)[\s:：]*|(?:by|[文图])(?:[\s:：]+|$))/i;
const HAN = /\p{Script=Han}/u;

function stripRoles(word: string): string {
  let current = word.trim();
  for (let previous = ''; current !== previous;) {
    previous = current;
    current = current.replace(ROLE_WORDS, '').trim();
  }
  return current;
}

/** The people a byline names, without role words: "本报记者 林小雨 周明远" → 林小雨, 周明远. */
export function bylineNames(byline: string): string[] {
  const names: string[] = [];
  for (const part of byline.split(/[、,，;；/]|\s+and\s+|\s*&\s*|\s+和\s+|\s*及\s*/i)) {
    const trimmed = part.trim();
    // Chinese bylines list names with spaces ("本报记者 林小雨 周明远"); English names contain them.
    for (const word of HAN.test(trimmed) ? trimmed.split(/\s+/) : [trimmed]) {
      const name = stripRoles(word);
      if (name) names.push(name);
    }
  }
  return names;
}

/** Bylines repeat across a desk's stories: each is read once per session. */
const namesOfByline = new Map<string, string[]>();

function cachedBylineNames(byline: string): string[] {
  let names = namesOfByline.get(byline);
  if (!names) {
    names = bylineNames(byline);
    if (namesOfByline.size >= 50_000) namesOfByline.clear();
    namesOfByline.set(byline, names);
  }
  return names;
}

/** Everyone a story can be found under in the author filter. */
export function storyPeople(story: Pick<StoryRow, 'byline' | 'createdBy' | 'updatedBy'>): string[] {
  const people = new Set<string>();
  if (story.updatedBy.trim()) people.add(story.updatedBy.trim());
  if (story.createdBy.trim()) people.add(story.createdBy.trim());
  for (const name of cachedBylineNames(story.byline)) people.add(name);
  return [...people];
}

// ---------- Choices offered by the filter bar ----------

const collators = new Map<string, Intl.Collator>();
/** Chinese sorts by pinyin, English alphabetically, in one order that mixes both sensibly. */
export function collator(locale = 'zh-Hans-CN-u-co-pinyin'): Intl.Collator {
  let c = collators.get(locale);
  if (!c) {
    c = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
    collators.set(locale, c);
  }
  return c;
}

export interface FilterChoices {
  /** Non-empty section names, sorted. */
  sections: string[];
  /** Whether some stories have no section. */
  unsectioned: boolean;
  authors: string[];
  languages: StoryLanguage[];
}

/** The choices the filter bar offers, from the indexed list the view has made (each story's people found once). */
export function filterChoicesOf(entries: readonly IndexedStory[]): FilterChoices {
  const sections = new Set<string>();
  const authors = new Set<string>();
  const languages = new Set<StoryLanguage>();
  let unsectioned = false;
  for (const { story, people } of entries) {
    const section = story.section.trim();
    if (section) sections.add(section);
    else unsectioned = true;
    for (const person of people) authors.add(person);
    languages.add(story.language);
  }
  // No collator for nothing to sort (the view's first render, before its list): creating one costs.
  const compare = sections.size > 1 || authors.size > 1 ? collator().compare : undefined;
  return {
    sections: [...sections].sort(compare),
    unsectioned,
    authors: [...authors].sort(compare),
    languages: [...languages].sort(),
  };
}

// ---------- Filtering ----------

const DAY_MS = 24 * 60 * 60 * 1000;

const startOfLocalDay = (time: number): number => {
  const d = new Date(time);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
};

/** `YYYY-MM-DD` as the start of that local day, or null if it is not a date. */
function parseDay(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const d = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(d.getTime()) ? null : d.getTime();
}

/** The [from, to) time window of a date filter, in epoch milliseconds; null ends are open. */
export function dateWindow(range: DateRange, now: number): { from: number | null; to: number | null } {
  switch (range.kind) {
    case 'any':
      return { from: null, to: null };
    case 'today':
      return { from: startOfLocalDay(now), to: null };
    case 'week':
      // Today and the six days before it: "last 7 days" as a desk reads a calendar.
      return { from: startOfLocalDay(now) - 6 * DAY_MS, to: null };
    case 'custom': {
      const from = parseDay(range.from);
      const toDay = parseDay(range.to);
      // The end day is included, so the window closes at the start of the next day.
      const to = toDay === null ? null : startOfLocalDay(toDay + DAY_MS + DAY_MS / 2);
      return { from, to };
    }
  }
}

/** What a filter needs per story, computed once per list rather than once per keystroke. */
export interface IndexedStory {
  story: StoryRow;
  time: number;
  people: string[];
  tagNames: string[];
}

export const indexStories = (stories: readonly StoryRow[]): IndexedStory[] =>
  stories.map((story) => ({
    story,
    time: Date.parse(story.updatedAt),
    people: storyPeople(story),
    tagNames: story.tags.map((tag) => tag.name.toLocaleLowerCase()),
  }));

/** The filter as one predicate; `ignoreStatus` gives the counts the status chips show. */
export function storyMatcher(
  filter: LibraryFilter,
  now: number,
  { ignoreStatus = false } = {},
): (entry: IndexedStory) => boolean {
  const statuses = new Set<StoryStatus>(filter.statuses.length ? filter.statuses : WORKING_STATUSES);
  if (filter.showSpiked) statuses.add('spiked');
  const tag = filter.tag.trim().toLocaleLowerCase();
  const { from, to } = dateWindow(filter.date, now);
  const section = filter.section?.trim() ?? null;
  return ({ story, time, people, tagNames }) =>
    (ignoreStatus || statuses.has(story.status)) &&
    (section === null || story.section.trim() === section) &&
    (filter.language === null || story.language === filter.language) &&
    (filter.author === null || people.includes(filter.author)) &&
    (tag === '' || tagNames.some((name) => name.includes(tag))) &&
    (from === null || time >= from) &&
    (to === null || time < to);
}

export const filterStories = (entries: readonly IndexedStory[], filter: LibraryFilter, now: number): IndexedStory[] =>
  entries.filter(storyMatcher(filter, now));

/** Stories per status among those the other filters let through, for the chips' counts. */
export function statusCounts(
  entries: readonly IndexedStory[],
  filter: LibraryFilter,
  now: number,
): Record<StoryStatus, number> {
  const counts = Object.fromEntries(STORY_STATUSES.map((s) => [s, 0])) as Record<StoryStatus, number>;
  const matches = storyMatcher(filter, now, { ignoreStatus: true });
  for (const entry of entries) if (matches(entry)) counts[entry.story.status]++;
  return counts;
}

// ---------- Sorting ----------

const STATUS_ORDER: Record<StoryStatus, number> = { draft: 0, submitted: 1, edited: 2, approved: 3, spiked: 4 };

/**
 * Length in the space it takes: a Han character is about one em, a Latin letter about half
 * one. Chinese copy is counted in 字 and English in words, which do not compare, so the sort
 * compares the column space instead.
 */
export const lengthKey = (story: Pick<StoryRow, 'language' | 'charCount'>): number =>
  story.language === 'en' ? story.charCount / 2 : story.charCount;

export function sortStories<T extends { story: StoryRow; time: number }>(
  entries: readonly T[],
  sort: LibrarySort,
): T[] {
  // The pinyin collator only where text is compared: creating it costs the first screen (sorted
  // newest first) tens of milliseconds.
  const compareText = sort.key === 'headline' || sort.key === 'section' ? collator().compare : () => 0;
  const sign = sort.direction === 'asc' ? 1 : -1;
  const byKey = (a: T, b: T): number => {
    switch (sort.key) {
      case 'headline':
        return compareText(a.story.headline || a.story.kicker, b.story.headline || b.story.kicker);
      case 'section':
        // Stories without a section go last in either direction would surprise; they sort as ''.
        return compareText(a.story.section, b.story.section);
      case 'status':
        return STATUS_ORDER[a.story.status] - STATUS_ORDER[b.story.status];
      case 'length':
        return lengthKey(a.story) - lengthKey(b.story);
      case 'updated':
        return a.time - b.time;
    }
  };
  // Ties fall back to newest first, then id, so the order is stable between renders.
  return [...entries].sort(
    (a, b) => sign * byKey(a, b) || b.time - a.time || (a.story.id < b.story.id ? -1 : a.story.id > b.story.id ? 1 : 0),
  );
}

// ---------- The URL form ----------

const STATUS_SET = new Set<string>(WORKING_STATUSES);

/** The filter and sort as a query string (only what differs from the defaults). */
export function toQuery(filter: LibraryFilter, sort: LibrarySort): string {
  const q = new URLSearchParams();
  if (filter.statuses.length) q.set('status', filter.statuses.join(','));
  if (filter.showSpiked) q.set('spiked', '1');
  if (filter.section !== null) q.set('section', filter.section);
  if (filter.tag.trim()) q.set('tag', filter.tag.trim());
  if (filter.author !== null) q.set('author', filter.author);
  if (filter.date.kind === 'custom') {
    q.set('from', filter.date.from);
    q.set('to', filter.date.to);
  } else if (filter.date.kind !== 'any') q.set('date', filter.date.kind);
  if (filter.language) q.set('lang', filter.language);
  const def = defaultSort();
  if (sort.key !== def.key || sort.direction !== def.direction) q.set('sort', `${sort.key}:${sort.direction}`);
  return q.toString();
}

/** Reads what toQuery wrote; anything unknown or malformed falls back to the default. */
export function fromQuery(query: string): { filter: LibraryFilter; sort: LibrarySort } {
  const q = new URLSearchParams(query);
  const filter = defaultFilter();
  const statuses = (q.get('status') ?? '').split(',').filter((s): s is WorkingStatus => STATUS_SET.has(s));
  filter.statuses = [...new Set(statuses)];
  filter.showSpiked = q.get('spiked') === '1';
  filter.section = q.get('section');
  filter.tag = q.get('tag') ?? '';
  filter.author = q.get('author');
  const date = q.get('date');
  if (q.has('from') || q.has('to')) filter.date = { kind: 'custom', from: q.get('from') ?? '', to: q.get('to') ?? '' };
  else if (date === 'today' || date === 'week') filter.date = { kind: date };
  const lang = q.get('lang');
  if (lang === 'zh-Hans' || lang === 'en') filter.language = lang;
  const sort = defaultSort();
  const [key, direction] = (q.get('sort') ?? '').split(':');
  if ((SORT_KEYS as readonly string[]).includes(key ?? '') && (direction === 'asc' || direction === 'desc')) {
    sort.key = key as SortKey;
    sort.direction = direction;
  }
  return { filter, sort };
}
