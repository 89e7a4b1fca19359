// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { expect, it, vi } from 'vitest';
import type { MastheadApi } from '../../../../shared/ipc/contract';
import type { StoryRow } from '../../../../shared/model';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean;
}

const row = (id: string, headline: string, status: StoryRow['status']): StoryRow => ({
  id,
  headline,
  status,
  section: '要闻',
  kicker: '',
  language: 'zh-Hans',
  charCount: 100,
  wordCount: 0,
  updatedAt: '2026-07-22T10:00:00.000Z',
  byline: '',
  tags: [],
  createdBy: '',
  updatedBy: '',
});
const all = [
  row('a', '甲稿', 'draft'),
  row('b', '乙稿', 'edited'),
  row('c', '丙稿', 'draft'),
  { ...row('d', '丁稿', 'approved'), section: '国际' },
];
/** The sections the filter bar offers. */
const sectionChoices = (container: HTMLElement): string[] =>
  [...container.querySelectorAll('.filter-bar option')]
    .map((o) => o.textContent ?? '')
    .filter((s) => /要闻|国际/u.test(s));

// The whole list is held back until the test lets it go; the first screenful answers at once.
let releaseList: (rows: StoryRow[]) => void = () => {};
const { api } = vi.hoisted(() => ({
  api: {
    listStories: vi.fn<MastheadApi['listStories']>(),
    listRecentStories: vi.fn<MastheadApi['listRecentStories']>(),
    listTags: vi.fn<MastheadApi['listTags']>(async () => []),
    listTrash: vi.fn<MastheadApi['listTrash']>(async () => []),
  },
}));
vi.mock('../../../../renderer/src/api/client', async () => {
  const { fakeApi } = await import('../fake-api');
  return { api: fakeApi(api) };
});

it('shows the newest stories and the story count before the whole list arrives, then the whole list', async () => {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  window.history.replaceState(null, '', '#/');
  api.listRecentStories.mockResolvedValue({ rows: all.slice(0, 2), total: all.length });
  api.listStories.mockReturnValue(new Promise((resolve) => (releaseList = resolve)));
  const i18n = (await import('../../../../renderer/src/i18n')).default;
  await i18n.changeLanguage('en');
  const { LibraryView } = await import('../../../../renderer/src/features/library/library-view');
  // Asked for as the module loaded; the whole list waits for the view (behind the app's settings).
  expect(api.listRecentStories).toHaveBeenCalledWith({ limit: 60 });
  expect(api.listStories).not.toHaveBeenCalled();

  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  const loaded = vi.fn();
  await act(async () => root.render(<LibraryView onOpen={() => {}} onLoaded={loaded} />));
  expect(loaded).toHaveBeenCalled();
  expect(container.querySelectorAll('tbody tr')).toHaveLength(2);
  expect(container.textContent).toContain('4 stories');
  // Counts per status are not known yet: no wrong number is shown.
  expect([...container.querySelectorAll('.filter-chip__count')].map((c) => c.textContent)).toContain('…');

  await act(async () => releaseList(all));
  expect(container.querySelectorAll('tbody tr')).toHaveLength(4);
  expect([...container.querySelectorAll('.filter-chip__count')].map((c) => c.textContent)).not.toContain('…');
  // The filter bar's choices (rendered after the rows) are the whole list's, sorted.
  expect(sectionChoices(container)).toEqual(['国际', '要闻']);
  act(() => root.unmount());
});
