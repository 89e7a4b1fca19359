import { describe, expect, it } from 'vitest';
import type { StatusChange, StoryStatus } from '../../../../shared/model';
import {
  EMPTY_STORY_STATE,
  type NewsroomActor,
  type StoryGuardState,
  checkCatalogueChange,
  checkEditionChange,
  checkStoryChange,
  documentAccess,
  storyAccess,
} from '../../../../shared/newsroom/permissions';

const reporter: NewsroomActor = { name: '林小雨', role: 'reporter' };
const otherReporter: NewsroomActor = { name: '王大伟', role: 'reporter' };
const editor: NewsroomActor = { name: '周明远', role: 'editor' };
const chief: NewsroomActor = { name: '陈总编', role: 'chief' };

const change = (status: StoryStatus, by = '林小雨'): StatusChange => ({ status, by, at: '2026-07-22T09:00:00.000Z' });

const story = (status: StoryStatus, overrides: Partial<StoryGuardState> = {}): StoryGuardState => ({
  id: 's1',
  status,
  createdBy: '林小雨',
  createdAt: '2026-07-22T08:00:00.000Z',
  statusHistory: [change('draft')],
  ...overrides,
});

describe('newsroom access', () => {
  it('lets a reporter write their own drafts and submitted stories, and nobody else’s', () => {
    expect(storyAccess(reporter, story('draft'))).toBe('writable');
    expect(storyAccess(reporter, story('submitted'))).toBe('writable');
    expect(storyAccess(reporter, story('edited'))).toBe('read-only');
    expect(storyAccess(reporter, story('approved'))).toBe('read-only');
    expect(storyAccess(otherReporter, story('draft'))).toBe('read-only');
  });

  it('lets an editor write any story not approved, and the chief everything', () => {
    for (const status of ['draft', 'submitted', 'edited', 'spiked'] as const) {
      expect(storyAccess(editor, story(status))).toBe('writable');
    }
    expect(storyAccess(editor, story('approved'))).toBe('read-only');
    expect(storyAccess(chief, story('approved'))).toBe('writable');
  });

  it('gives everyone a new story to create, editions to the chief only, the catalogue to nobody', () => {
    expect(storyAccess(otherReporter, EMPTY_STORY_STATE)).toBe('writable');
    expect(documentAccess(reporter, { kind: 'edition', id: 'e1' })).toBe('read-only');
    expect(documentAccess(editor, { kind: 'edition', id: 'e1' })).toBe('read-only');
    expect(documentAccess(chief, { kind: 'edition', id: 'e1' })).toBe('writable');
    expect(documentAccess({ name: 'root', role: 'admin' }, { kind: 'catalogue' })).toBe('read-only');
    expect(documentAccess(reporter, { kind: 'story', id: 's1' }, story('edited'))).toBe('read-only');
  });
});

describe('newsroom changes', () => {
  it('accepts a reporter’s text edits and submission of their own draft', () => {
    expect(checkStoryChange(reporter, story('draft'), story('draft'))).toEqual({ ok: true });
    const submitted = story('submitted', { statusHistory: [change('draft'), change('submitted')] });
    expect(checkStoryChange(reporter, story('draft'), submitted)).toEqual({ ok: true });
  });

  it('refuses a reporter approving, editing someone else’s story, or an edited story', () => {
    const approving = checkStoryChange(reporter, story('submitted'), story('approved'));
    expect(approving).toMatchObject({ ok: false });
    expect(!approving.ok && approving.reason).toMatch(/reporter may not approve/);
    expect(checkStoryChange(otherReporter, story('draft'), story('draft'))).toMatchObject({ ok: false });
    expect(checkStoryChange(reporter, story('edited'), story('edited'))).toMatchObject({ ok: false });
  });

  it('lets only the chief approve, and follows the workflow’s steps', () => {
    expect(checkStoryChange(editor, story('edited'), story('approved'))).toMatchObject({ ok: false });
    expect(checkStoryChange(chief, story('edited'), story('approved'))).toEqual({ ok: true });
    expect(checkStoryChange(editor, story('submitted'), story('edited'))).toEqual({ ok: true });
    // No step goes from draft straight to approved, whoever asks.
    const skip = checkStoryChange(chief, story('draft'), story('approved'));
    expect(!skip.ok && skip.reason).toMatch(/no step/);
  });

  it('keeps the creator, id and creation time, and the status history only grows', () => {
    expect(checkStoryChange(reporter, story('draft'), story('draft', { createdBy: '王大伟' }))).toMatchObject({
      ok: false,
    });
    expect(checkStoryChange(chief, story('draft'), story('draft', { id: 'other' }))).toMatchObject({ ok: false });
    expect(checkStoryChange(chief, story('draft'), story('draft', { createdAt: null }))).toMatchObject({ ok: false });
    expect(checkStoryChange(editor, story('draft'), story('draft', { statusHistory: [] }))).toMatchObject({
      ok: false,
    });
  });

  it('lets a reporter create a story as themselves in a status they may start in', () => {
    expect(checkStoryChange(reporter, EMPTY_STORY_STATE, story('draft'))).toEqual({ ok: true });
    expect(checkStoryChange(otherReporter, EMPTY_STORY_STATE, story('draft'))).toMatchObject({ ok: false });
    expect(checkStoryChange(reporter, EMPTY_STORY_STATE, story('approved'))).toMatchObject({ ok: false });
    expect(checkStoryChange(chief, EMPTY_STORY_STATE, story('approved'))).toEqual({ ok: true });
  });

  it('keeps editions to the chief and the catalogue to the server', () => {
    expect(checkEditionChange(editor)).toMatchObject({ ok: false });
    expect(checkEditionChange(chief)).toEqual({ ok: true });
    expect(checkCatalogueChange()).toMatchObject({ ok: false });
  });
});
