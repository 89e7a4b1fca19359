// @vitest-environment jsdom
import { act } from 'react';
import { type Root, createRoot } from 'react-dom/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MastheadApi } from '../../../../shared/ipc/contract';
import type { StorySummary } from '../../../../shared/model';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean;
}

const { listStories, listRecentStories, listTags, listTrash, listStoryPlaces } = vi.hoisted(() => ({
  listStories: vi.fn<MastheadApi['listStories']>(),
  listRecentStories: vi.fn<MastheadApi['listRecentStories']>(),
  listTags: vi.fn<MastheadApi['listTags']>(),
  listTrash: vi.fn<MastheadApi['listTrash']>(),
  listStoryPlaces: vi.fn<MastheadApi['listStoryPlaces']>(),
}));
vi.mock('../../../../renderer/src/api/client', async () => {
  const { fakeApi } = await import('../fake-api');
  return { api: fakeApi({ listStories, listRecentStories, listTags, listTrash, listStoryPlaces }) };
});

const summary = (over: Partial<StorySummary> & Pick<StorySummary, 'id' | 'headline'>): StorySummary => ({
  slug: '',
  section: '要闻',
  status: 'draft',
  kicker: '',
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

const stories = [
  summary({ id: 'a', headline: '甲稿', status: 'draft', charCount: 300, updatedBy: '林小雨' }),
  summary({ id: 'b', headline: '乙稿', status: 'edited', charCount: 900, section: '经济' }),
  summary({ id: 'c', headline: '丙稿', status: 'draft', charCount: 600, tags: [{ kind: 'topic', name: '外贸' }] }),
  summary({ id: 'd', headline: '丁稿', status: 'spiked', charCount: 50 }),
];

let LibraryView: typeof import('../../../../renderer/src/features/library/library-view').LibraryView;
let resetState: () => void;
let container: HTMLElement;
let root: Root;

beforeAll(async () => {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  const i18n = (await import('../../../../renderer/src/i18n')).default;
  await i18n.changeLanguage('en');
  ({ LibraryView } = await import('../../../../renderer/src/features/library/library-view'));
  ({ resetLibraryViewState: resetState } =
    await import('../../../../renderer/src/features/library/library-view-state'));
});

const mount = async () => {
  await act(async () => {
    root.render(<LibraryView onOpen={() => {}} onLoaded={() => {}} />);
  });
};

beforeEach(async () => {
  vi.clearAllMocks();
  resetState();
  sessionStorage.clear();
  window.history.replaceState(null, '', '#/');
  listStories.mockResolvedValue(stories);
  listTags.mockResolvedValue([{ kind: 'topic', name: '外贸', count: 1 }]);
  listTrash.mockResolvedValue([]);
  // 乙稿 runs on page 2 (the 经济 page) of an edition; the others are not placed.
  listStoryPlaces.mockResolvedValue([
    { storyId: 'b', editionId: 'ed-1', date: '2026-07-23', pageNumber: 2, section: '经济' },
  ]);
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await mount();
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

const headlines = () => [...container.querySelectorAll('tbody .story-link__headline')].map((el) => el.textContent);
const button = (name: string) => {
  const found = [...container.querySelectorAll('button')].find((b) => b.textContent?.startsWith(name));
  if (!found) throw new Error(`no button "${name}"`);
  return found;
};
const click = async (el: Element) => {
  await act(async () => {
    el.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  });
};
const count = () => container.querySelector('.library-view__count')?.textContent;

describe('the library view', () => {
  it("shows where a placed story runs in the page/section column, in the interface's language", async () => {
    const placeCell = (headline: string) =>
      [...container.querySelectorAll('tbody tr')]
        .find((tr) => tr.querySelector('.story-link__headline')?.textContent === headline)!
        .querySelectorAll('td')[1]!;
    expect(container.querySelectorAll('thead th')[1]!.textContent).toContain('Page / section');
    expect(placeCell('乙稿').textContent).toBe('Page 2 · 经济');
    expect(placeCell('乙稿').getAttribute('title')).toContain('2026-07-23');
    expect(placeCell('甲稿').textContent).toBe('要闻');
    expect(listStoryPlaces).toHaveBeenCalledTimes(1);
    const i18n = (await import('../../../../renderer/src/i18n')).default;
    await act(() => i18n.changeLanguage('zh-CN'));
    try {
      expect(placeCell('乙稿').textContent).toBe('第2版 经济');
      expect(container.querySelectorAll('thead th')[1]!.textContent).toContain('版面/栏目');
    } finally {
      await act(() => i18n.changeLanguage('en'));
    }
  });

  it('lists the stories newest first, without spiked ones, and says how many it shows', async () => {
    expect(headlines()).toHaveLength(3);
    expect(headlines()).not.toContain('丁稿');
    expect(count()).toBe('3 of 4 stories');
    await click(button('Spiked'));
    expect(headlines()).toContain('丁稿');
    expect(count()).toBe('4 stories');
  });

  it('filters by status chip and keeps the filter in the address and across a remount', async () => {
    const draft = button('Draft');
    expect(draft.textContent).toBe('Draft2');
    await click(draft);
    expect(draft.getAttribute('aria-pressed')).toBe('true');
    expect(headlines().sort()).toEqual(['丙稿', '甲稿'].sort());
    expect(window.location.hash).toBe('#/?status=draft');

    // Opening a story and coming back: the address is bare, the filter is remembered.
    act(() => root.unmount());
    window.history.replaceState(null, '', '#/');
    root = createRoot(container);
    await mount();
    expect(headlines().sort()).toEqual(['丙稿', '甲稿'].sort());
    expect(window.location.hash).toBe('#/?status=draft');
  });

  it('sorts by a column header, toggling the direction, with aria-sort', async () => {
    const length = container.querySelectorAll('thead th')[3]!;
    expect(length.getAttribute('aria-sort')).toBeNull();
    await click(length.querySelector('button')!);
    expect(length.getAttribute('aria-sort')).toBe('descending');
    expect(headlines()).toEqual(['乙稿', '丙稿', '甲稿']);
    await click(length.querySelector('button')!);
    expect(length.getAttribute('aria-sort')).toBe('ascending');
    expect(headlines()).toEqual(['甲稿', '丙稿', '乙稿']);
  });

  it('filters by section and by tag, offers the library’s tags, and shows who changed a story', async () => {
    const section = container.querySelector<HTMLSelectElement>('.filter-field select')!;
    await act(async () => {
      section.value = '经济';
      section.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(headlines()).toEqual(['乙稿']);
    await click(button('Clear filters'));
    const tag = container.querySelector<HTMLInputElement>('input[type="search"]')!;
    expect([...container.querySelectorAll('datalist option')].map((o) => o.getAttribute('value'))).toEqual(['外贸']);
    await act(async () => {
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      setValue.call(tag, '外');
      tag.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(headlines()).toEqual(['丙稿']);
    await click(button('Clear filters'));
    expect(container.querySelector('.story-table__by')?.textContent).toContain('林小雨');
  });

  it('says so when nothing matches', async () => {
    await click(button('Approved'));
    expect(container.querySelector('table')).toBeNull();
    expect(container.textContent).toContain('No stories match these filters.');
  });

  it('renders a long list as a window of rows, sized for the whole list, and counts a filter', async () => {
    const many = Array.from({ length: 450 }, (_, i) =>
      summary({ id: `s${i}`, headline: `稿件${i}`, status: i % 2 ? 'draft' : 'edited' }),
    );
    listStories.mockResolvedValue(many);
    act(() => root.unmount());
    root = createRoot(container);
    await mount();
    expect(headlines().length).toBeGreaterThan(5);
    expect(headlines().length).toBeLessThan(60);
    expect(count()).toBe('450 stories');
    expect(container.querySelector('table')?.getAttribute('aria-rowcount')).toBe('451');
    await click(button('Draft'));
    expect(count()).toBe('225 of 450 stories');
    expect(container.querySelector('table')?.getAttribute('aria-rowcount')).toBe('226');
    expect(headlines().length).toBeLessThan(60);
  });
});
