// @vitest-environment jsdom
import { act } from 'react';
import { type Root, createRoot } from 'react-dom/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MastheadApi } from '../../../../shared/ipc/contract';
import i18n from '../../../../renderer/src/i18n';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean;
}

const { listTags, suggestTags } = vi.hoisted(() => ({
  listTags: vi.fn<MastheadApi['listTags']>(async () => []),
  suggestTags: vi.fn<MastheadApi['suggestTags']>(),
}));
vi.mock('../../../../renderer/src/api/client', async () => {
  const { fakeApi } = await import('../fake-api');
  return { api: fakeApi({ listTags, suggestTags }) };
});

const { TagsPanel } = await import('../../../../renderer/src/features/story/tags/tags-panel');

/**
 * The tags panel asks the core for suggestions (it cuts Chinese into words there) once typing
 * pauses, with the story's byline, and shows what the story does not have yet.
 */
let container: HTMLDivElement;
let root: Root;
beforeAll(async () => {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  await i18n.changeLanguage('zh-CN');
});
beforeEach(() => {
  vi.useFakeTimers();
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  suggestTags.mockReset();
});
afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.useRealTimers();
});

const chips = () => [...container.querySelectorAll('.tag-suggestions__list .tag-chip__name')].map((e) => e.textContent);

describe('the tags panel', () => {
  it('asks the core on opening and when typing pauses, with the byline, and leaves out the tags the story has', async () => {
    suggestTags.mockResolvedValue([
      { kind: 'person', name: '李强', reason: 'title', count: 3 },
      { kind: 'organisation', name: '共青团中央', reason: 'name', count: 1 },
    ]);
    const render = (text: string) =>
      root.render(
        <TagsPanel
          tags={[{ kind: 'organisation', name: '共青团中央' }]}
          text={text}
          byline="本报记者 欧阳明珠"
          language="zh-Hans"
          onChange={() => {}}
        />,
      );
    // Opening a story asks at once, for the text it has.
    act(() => render('国务院总理李强'));
    expect(suggestTags).toHaveBeenCalledTimes(1);
    // Typing asks again only when it pauses, for the text as it then stands.
    act(() => render('国务院总理李强第一次'));
    act(() => render('国务院总理李强第一次出席。'));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(300);
    });
    expect(suggestTags).toHaveBeenCalledTimes(1);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(800);
    });
    expect(suggestTags).toHaveBeenCalledTimes(2);
    expect(suggestTags).toHaveBeenLastCalledWith({
      text: '国务院总理李强第一次出席。',
      language: 'zh-Hans',
      byline: '本报记者 欧阳明珠',
      limit: 40,
    });
    expect(chips()).toEqual(['李强']);
  });

  it('keeps quiet when the core cannot answer', async () => {
    suggestTags.mockRejectedValue(new Error('the search process stopped'));
    act(() => root.render(<TagsPanel tags={[]} text="市长周明远" byline="" language="zh-Hans" onChange={() => {}} />));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(800);
    });
    expect(suggestTags).toHaveBeenCalledTimes(1);
    expect(chips()).toEqual([]);
  });
});
