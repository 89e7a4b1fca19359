// @vitest-environment jsdom
import { act } from 'react';
import { type Root, createRoot } from 'react-dom/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type MastheadApi, MastheadError } from '../../../../shared/ipc/contract';
import type { Story } from '../../../../shared/model';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean;
}

const story: Story = {
  schemaVersion: 1,
  id: 'story-1',
  slug: '滨江图书馆',
  section: '要闻',
  status: 'draft',
  kicker: '老厂房变身城市书房',
  headline: '滨江图书馆今起免费开放',
  subheadline: '',
  byline: '本报记者 林小雨',
  dateline: '本报讯',
  body: {
    type: 'doc',
    content: [{ type: 'paragraph', content: [{ type: 'text', text: '新馆今天开放，读者排起长队。' }] }],
  },
  tags: [],
  targetLength: null,
  notes: '',
  language: 'zh-Hans',
  createdAt: '2026-07-22T08:00:00.000+08:00',
  updatedAt: '2026-07-22T09:00:00.000+08:00',
  revision: 4,
  fit: null,
  createdBy: '',
  updatedBy: '',
  statusHistory: [],
};

const { getStory, saveStory, trashStory, listTags, markRevision } = vi.hoisted(() => ({
  markRevision: vi.fn<MastheadApi['markRevision']>(),
  getStory: vi.fn<MastheadApi['getStory']>(),
  saveStory: vi.fn<MastheadApi['saveStory']>(),
  trashStory: vi.fn<MastheadApi['trashStory']>(),
  listTags: vi.fn<MastheadApi['listTags']>(),
}));
// The host is faked at the renderer's one door to it; everything behind the client is real.
vi.mock('../../../../renderer/src/api/client', async () => {
  const { fakeApi } = await import('../fake-api');
  return { api: fakeApi({ getStory, saveStory, trashStory, listTags, markRevision }) };
});

let StoryView: typeof import('../../../../renderer/src/features/story/story-view').StoryView;
let container: HTMLElement;
let root: Root;

beforeAll(async () => {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  await import('../../../../renderer/src/i18n');
  ({ StoryView } = await import('../../../../renderer/src/features/story/story-view'));
});

beforeEach(async () => {
  vi.clearAllMocks();
  localStorage.clear();
  getStory.mockResolvedValue(story);
  listTags.mockResolvedValue([]);
  saveStory.mockImplementation(async ({ baseRevision }) => ({ ...story, revision: baseRevision + 1 }));
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () => {
    root.render(<StoryView id="story-1" onLeave={() => {}} onLoaded={() => {}} reportError={() => {}} />);
  });
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

const byLabel = (text: string): HTMLInputElement | HTMLTextAreaElement => {
  const label = [...container.querySelectorAll('label')].find((l) => l.textContent === text);
  if (!label) throw new Error(`no label "${text}"`);
  const field = document.getElementById(label.htmlFor);
  if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement))
    throw new Error(`"${text}" labels nothing`);
  return field;
};

/** Types like a user: React listens for input events on the native value setter. */
function type(field: HTMLInputElement | HTMLTextAreaElement, value: string) {
  const proto = field instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(field, value);
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

const status = () => container.querySelector('[role="status"]')?.textContent;
const button = (name: string) => {
  const found = [...container.querySelectorAll('button')].find((b) => b.textContent === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
};
const wait = (ms: number) => act(() => new Promise((r) => setTimeout(r, ms)));

describe('story view', () => {
  it('shows every field under its label, in the story language', () => {
    expect(byLabel('Kicker (引题)').value).toBe('老厂房变身城市书房');
    expect(byLabel('Headline (主题)').value).toBe('滨江图书馆今起免费开放');
    expect(byLabel('Dateline (电头)').value).toBe('本报讯');
    expect(byLabel('Headline (主题)').lang).toBe('zh-Hans');
    const body = container.querySelector('[aria-label="Story body"]');
    expect(body?.getAttribute('role')).toBe('textbox');
    expect(body?.getAttribute('aria-multiline')).toBe('true');
    expect(body?.getAttribute('lang')).toBe('zh-Hans');
    expect(body?.textContent).toContain('新馆今天开放');
    expect(status()).toBe('Saved');
  });

  it('counts Chinese copy in characters with punctuation', () => {
    expect(container.querySelector('.body-count')?.textContent).toContain(
      '14 characters, including 2 punctuation marks',
    );
  });

  it('saves the changed field on its own after a pause in typing, from the loaded revision', async () => {
    await act(async () => type(byLabel('Headline (主题)'), '滨江图书馆明起免费开放'));
    expect(status()).toBe('Unsaved changes');
    expect(saveStory).not.toHaveBeenCalled();
    await wait(1000);
    expect(saveStory).toHaveBeenCalledTimes(1);
    expect(saveStory).toHaveBeenCalledWith({
      id: 'story-1',
      baseRevision: 4,
      changes: { headline: '滨江图书馆明起免费开放' },
    });
    expect(status()).toBe('Saved');

    // The next save builds on the revision the first one returned.
    await act(async () => type(byLabel('Byline'), '本报记者 周明远'));
    await act(async () => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 's', ctrlKey: true, bubbles: true }));
    });
    await wait(0);
    expect(saveStory).toHaveBeenLastCalledWith({
      id: 'story-1',
      baseRevision: 5,
      changes: { byline: '本报记者 周明远' },
    });
  });

  it('saves at once on the Save button, and refuses line breaks in a headline', async () => {
    await act(async () => type(byLabel('Subheadline (副题)'), '藏书四十万册\n夜间开放'));
    await act(async () => button('Save').click());
    await wait(0);
    expect(saveStory).toHaveBeenCalledWith({
      id: 'story-1',
      baseRevision: 4,
      changes: { subheadline: '藏书四十万册 夜间开放' },
    });
    // An explicit save also keeps the story as a version in its history.
    await wait(0);
    expect(markRevision).toHaveBeenCalledWith({ id: 'story-1', name: null });
  });

  it('explains a conflict and reloads the story on request', async () => {
    saveStory.mockRejectedValueOnce(new MastheadError('conflict', 'Story story-1 was changed elsewhere'));
    await act(async () => type(byLabel('Headline (主题)'), 'mine'));
    await act(async () => button('Save').click());
    await wait(0);
    const alert = container.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('changed somewhere else');
    expect(alert?.textContent).toContain('Story story-1 was changed elsewhere');
    expect(status()).toBe('Not saved: changed elsewhere');

    getStory.mockResolvedValueOnce({ ...story, headline: 'theirs', revision: 6 });
    await act(async () => button('Reload story').click());
    await wait(0);
    expect(getStory).toHaveBeenCalledTimes(2);
    expect(byLabel('Headline (主题)').value).toBe('theirs');
    expect(status()).toBe('Saved');
  });

  it('shows a readable message when the save fails for another reason', async () => {
    saveStory.mockRejectedValueOnce(new MastheadError('io', 'EACCES: permission denied'));
    await act(async () => type(byLabel('Slug'), 'library'));
    await act(async () => button('Save').click());
    await wait(0);
    const alert = container.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('The library folder could not be read or written.');
    expect(alert?.textContent).toContain('EACCES: permission denied');
    expect(status()).toBe('Not saved');
  });
});
