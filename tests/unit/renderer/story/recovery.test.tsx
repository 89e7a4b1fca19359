// @vitest-environment jsdom
import { act } from 'react';
import { type Root, createRoot } from 'react-dom/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MastheadApi } from '../../../../shared/ipc/contract';
import type { Story } from '../../../../shared/model';
import { journalKey } from '../../../../renderer/src/features/story/saving/draft-journal';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean;
}

const story: Story = {
  schemaVersion: 1,
  id: 'story-9',
  slug: '',
  section: '要闻',
  status: 'draft',
  kicker: '',
  headline: '滨江图书馆今起免费开放',
  subheadline: '',
  byline: '',
  dateline: '本报讯',
  body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '新馆今天开放。' }] }] },
  tags: [],
  targetLength: null,
  notes: '',
  language: 'zh-Hans',
  createdAt: '2026-07-22T08:00:00.000+08:00',
  updatedAt: '2026-07-22T09:00:00.000+08:00',
  revision: 4,
  fit: null,
  createdBy: '林小雨',
  updatedBy: '林小雨',
  statusHistory: [{ status: 'draft', by: '林小雨', at: '2026-07-22T08:00:00.000+08:00' }],
};

const { getStory, saveStory, listTags } = vi.hoisted(() => ({
  getStory: vi.fn<MastheadApi['getStory']>(),
  saveStory: vi.fn<MastheadApi['saveStory']>(),
  listTags: vi.fn<MastheadApi['listTags']>(),
}));
// Every other method of the contract fails as an unreachable host would (fake-api.ts).
vi.mock('../../../../renderer/src/api/client', async () => {
  const { fakeApi } = await import('../fake-api');
  return { api: fakeApi({ getStory, saveStory, listTags }) };
});

let StoryView: typeof import('../../../../renderer/src/features/story/story-view').StoryView;
let container: HTMLElement;
let root: Root;

beforeAll(async () => {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  const i18n = (await import('../../../../renderer/src/i18n')).default;
  await i18n.changeLanguage('en');
  ({ StoryView } = await import('../../../../renderer/src/features/story/story-view'));
});

beforeEach(() => {
  vi.clearAllMocks();
  localStorage.clear();
  getStory.mockResolvedValue(story);
  listTags.mockResolvedValue([]);
  saveStory.mockImplementation(async ({ baseRevision, changes }) => ({
    ...story,
    headline: changes.headline ?? story.headline,
    status: changes.status ?? story.status,
    revision: baseRevision + 1,
    statusHistory:
      changes.status && changes.status !== story.status
        ? [...story.statusHistory, { status: changes.status, by: '周明远', at: '2026-07-22T10:00:00.000+08:00' }]
        : story.statusHistory,
  }));
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

const open = () =>
  act(async () =>
    root.render(<StoryView id="story-9" onLeave={() => {}} onLoaded={() => {}} reportError={() => {}} />),
  );
const wait = (ms: number) => act(() => new Promise((r) => setTimeout(r, ms)));
const headline = () => container.querySelector<HTMLTextAreaElement>('.field__input--headline')?.value;
const button = (name: string) => {
  const found = [...container.querySelectorAll('button')].find((b) => b.textContent === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
};
const journal = (baseRevision: number, changes: object) =>
  localStorage.setItem(
    journalKey('story-9'),
    JSON.stringify({ baseRevision, changes, at: '2026-07-22T01:30:00.000Z' }),
  );

describe('recovering a draft journal', () => {
  it('puts back changes made on the current revision, says so, and saves them', async () => {
    journal(4, { headline: '滨江图书馆明起免费开放' });
    await open();
    expect(headline()).toBe('滨江图书馆明起免费开放');
    expect(container.querySelector('.recovery-notice')?.textContent).toContain('Recovered unsaved changes from');
    await wait(1000);
    expect(saveStory).toHaveBeenCalledWith({
      id: 'story-9',
      baseRevision: 4,
      changes: { headline: '滨江图书馆明起免费开放' },
    });
    // Saved: the journal has nothing left to keep.
    expect(localStorage.getItem(journalKey('story-9'))).toBeNull();
  });

  it('asks before putting changes made on an older revision over the newer one', async () => {
    journal(3, { headline: '旧版本上改的标题' });
    await open();
    expect(headline()).toBe('滨江图书馆今起免费开放');
    expect(container.querySelector('.recovery-notice')?.textContent).toContain('has been saved since');
    await act(async () => button('Keep my recovered text').click());
    expect(headline()).toBe('旧版本上改的标题');
    expect(container.querySelector('.recovery-notice')).toBeNull();
    await wait(1000);
    expect(saveStory).toHaveBeenCalledWith({
      id: 'story-9',
      baseRevision: 4,
      changes: { headline: '旧版本上改的标题' },
    });
  });

  it('drops the journal on Discard', async () => {
    journal(3, { headline: '旧版本上改的标题' });
    await open();
    await act(async () => button('Discard').click());
    expect(headline()).toBe('滨江图书馆今起免费开放');
    expect(localStorage.getItem(journalKey('story-9'))).toBeNull();
  });
});

describe('the workflow panel', () => {
  it('saves a status move at once and shows who made it', async () => {
    await open();
    expect([...container.querySelectorAll('.workflow__action')].map((b) => b.textContent)).toEqual(['Submit', 'Spike']);
    await act(async () => button('Submit').click());
    await wait(0);
    expect(saveStory).toHaveBeenCalledWith({ id: 'story-9', baseRevision: 4, changes: { status: 'submitted' } });
    expect(container.querySelector('.workflow__current')?.textContent).toBe('Submitted');
    const first = container.querySelector('.workflow__event');
    expect(first?.textContent).toContain('Submitted');
    expect(first?.textContent).toContain('周明远');
    expect([...container.querySelectorAll('.workflow__action')].map((b) => b.textContent)).toEqual([
      'Mark edited',
      'Approve',
      'Return to draft',
      'Spike',
    ]);
  });
});
