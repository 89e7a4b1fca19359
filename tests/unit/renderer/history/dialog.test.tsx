// @vitest-environment jsdom
import { act } from 'react';
import { type Root, createRoot } from 'react-dom/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type MastheadApi, MastheadError } from '../../../../shared/ipc/contract';
import type { RevisionMeta, RevisionSnapshot, Story, StoryFields } from '../../../../shared/model';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean;
}

const paragraphs = (...texts: string[]) => ({
  type: 'doc' as const,
  content: texts.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
});

const fields: StoryFields = {
  slug: '滨江图书馆',
  section: '要闻',
  status: 'draft',
  kicker: '老厂房变身城市书房',
  headline: '滨江图书馆今起收费开放',
  subheadline: '',
  byline: '本报记者 林小雨',
  dateline: '本报讯',
  body: paragraphs('新馆今天开放。', '读者排起长队。', '首批上架图书四十万册。', '周末全天开放。'),
  tags: [],
  targetLength: null,
  notes: '',
  language: 'zh-Hans',
  fit: null,
};

const current: Story = {
  ...fields,
  schemaVersion: 1,
  id: 'story-1',
  createdAt: '2026-07-22T08:00:00.000+08:00',
  updatedAt: '2026-07-22T11:00:00.000+08:00',
  revision: 9,
  createdBy: '',
  updatedBy: '王芳',
  statusHistory: [],
};

const meta = (over: Partial<RevisionMeta>): RevisionMeta => ({
  snapshot: 1,
  revision: 1,
  kind: 'edit',
  author: '',
  startedAt: '2026-07-22T02:02:00.000Z',
  savedAt: '2026-07-22T02:02:00.000Z',
  saves: 1,
  headline: '',
  charCount: 40,
  wordCount: 0,
  restoredFrom: null,
  ...over,
});

const revisions: RevisionMeta[] = [
  meta({
    snapshot: 2,
    revision: 9,
    author: '王芳',
    headline: fields.headline,
    saves: 3,
    savedAt: '2026-07-22T03:00:00.000Z',
  }),
  meta({ snapshot: 1, revision: 5, headline: '滨江图书馆今起免费开放' }),
];

const older: RevisionSnapshot = {
  ...revisions[1]!,
  schemaVersion: 1,
  storyId: 'story-1',
  fields: {
    ...fields,
    headline: '滨江图书馆今起免费开放',
    body: paragraphs('新馆今天开放。', '读者排起长队。', '首批上架图书三十万册。', '周末全天开放。'),
  },
};

const { listRevisions, getStory, getRevision, restoreRevision } = vi.hoisted(() => ({
  listRevisions: vi.fn<MastheadApi['listRevisions']>(),
  getStory: vi.fn<MastheadApi['getStory']>(),
  getRevision: vi.fn<MastheadApi['getRevision']>(),
  restoreRevision: vi.fn<MastheadApi['restoreRevision']>(),
}));
// The host is faked at the renderer's one door to it.
vi.mock('../../../../renderer/src/api/client', () => ({
  api: { listRevisions, getStory, getRevision, restoreRevision },
}));

let HistoryDialog: typeof import('../../../../renderer/src/features/history/history-dialog').HistoryDialog;
let container: HTMLElement;
let root: Root;
const order: string[] = [];
const saveNow = vi.fn(async () => {
  order.push('save');
  return { ok: true as const };
});
const onReload = vi.fn();
const onClose = vi.fn();

beforeAll(async () => {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  await import('../../../../renderer/src/i18n');
  ({ HistoryDialog } = await import('../../../../renderer/src/features/history/history-dialog'));
});

const wait = (ms = 0) => act(() => new Promise((r) => setTimeout(r, ms)));

async function render(revision = 9) {
  await act(async () => {
    root.render(
      <HistoryDialog
        storyId="story-1"
        language="zh-Hans"
        revision={revision}
        saveNow={saveNow}
        onReload={onReload}
        onClose={onClose}
      />,
    );
  });
  await wait();
}

beforeEach(() => {
  vi.clearAllMocks();
  order.length = 0;
  listRevisions.mockImplementation(async () => {
    order.push('list');
    return revisions;
  });
  getStory.mockResolvedValue(current);
  getRevision.mockImplementation(async ({ snapshot }) => {
    if (snapshot === 1) return older;
    throw new MastheadError('not-found', `no snapshot ${snapshot}`);
  });
  restoreRevision.mockImplementation(async ({ baseRevision }) => {
    order.push('restore');
    return { ...current, ...older.fields, revision: baseRevision + 1 };
  });
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

const button = (name: string) => {
  const found = [...document.querySelectorAll('button')].find((b) => b.textContent === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
};

describe('history dialog', () => {
  it('saves pending edits before it lists the versions', async () => {
    await render();
    expect(order.slice(0, 2)).toEqual(['save', 'list']);
  });

  it('lists versions newest first with time, saves, author, kind, headline and length', async () => {
    await render();
    const items = [...container.querySelectorAll('.history-item')].map((el) => el.textContent);
    expect(items).toHaveLength(2);
    expect(items[0]).toMatch(/^#2/);
    expect(items[0]).toContain('3 saves');
    expect(items[0]).toContain('Current');
    expect(items[0]).toContain('王芳 · edited');
    expect(items[0]).toContain('40 characters');
    expect(items[1]).toContain('unknown author · edited');
    expect(items[1]).not.toContain('Current');
    const headline = container.querySelector('.history-item__headline');
    expect(headline?.getAttribute('lang')).toBe('zh-Hans');
  });

  it('compares the newest older version with the current text by default', async () => {
    await render();
    const radios = [...container.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(radios.map((r) => r.checked)).toEqual([false, true]);
    expect(getRevision).toHaveBeenCalledWith({ id: 'story-1', snapshot: 1 });
    expect([...container.querySelectorAll('.story-diff del')].map((d) => d.textContent)).toEqual(['免', '三']);
    expect([...container.querySelectorAll('.story-diff ins')].map((d) => d.textContent)).toEqual(['收', '四']);
    // Paragraphs 1–2 and 4 did not change: folded, with their number.
    expect([...container.querySelectorAll('.diff-unchanged__toggle')].map((b) => b.textContent)).toEqual([
      '▸2 unchanged paragraphs',
      '▸1 unchanged paragraph',
    ]);
  });

  it('restores only after confirmation, saving first and starting from the editor’s revision', async () => {
    await render();
    await act(async () => button('Restore this version').click());
    expect(restoreRevision).not.toHaveBeenCalled();
    expect(document.body.textContent).toContain('Restore this version?');
    order.length = 0;
    await act(async () => button('Restore').click());
    await wait();
    expect(order).toEqual(['save', 'restore']);
    expect(restoreRevision).toHaveBeenCalledWith({ id: 'story-1', snapshot: 1, baseRevision: 9 });
    expect(onReload).toHaveBeenCalledTimes(1);
  });

  it('does not restore when the pending edits cannot be saved', async () => {
    await render();
    saveNow.mockResolvedValueOnce({ ok: false, error: new MastheadError('io', 'disk full') } as never);
    await act(async () => button('Restore this version').click());
    await act(async () => button('Restore').click());
    await wait();
    expect(restoreRevision).not.toHaveBeenCalled();
    expect(onReload).not.toHaveBeenCalled();
    expect(container.querySelector('[role="alert"]')?.textContent).toContain('disk full');
  });

  it('explains a conflict and offers to reload the story', async () => {
    restoreRevision.mockRejectedValueOnce(new MastheadError('conflict', 'changed elsewhere'));
    await render();
    await act(async () => button('Restore this version').click());
    await act(async () => button('Restore').click());
    await wait();
    expect(container.querySelector('[role="alert"]')?.textContent).toContain('nothing was restored');
    expect(onReload).not.toHaveBeenCalled();
    await act(async () => button('Reload story').click());
    expect(onReload).toHaveBeenCalledTimes(1);
  });

  it('cannot restore the current version', async () => {
    await render();
    const radios = [...container.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    await act(async () => radios[0]!.click());
    expect(button('Restore this version').disabled).toBe(true);
    expect(container.textContent).toContain('The selected version is the current one.');
  });
});
