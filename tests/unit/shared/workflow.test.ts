import { describe, expect, it } from 'vitest';
import type { StatusChange } from '../../../shared/model';
import { checkStatusMove, mayStartAs, nextSteps, statusBeforeSpike } from '../../../shared/model/workflow';

const change = (status: StatusChange['status'], by = '林小雨'): StatusChange => ({
  status,
  by,
  at: '2026-07-22T09:00:00.000Z',
});

describe('desk workflow steps', () => {
  it('moves a story forward draft → submitted → edited → approved, with spike always open', () => {
    expect(nextSteps('draft', []).map((s) => s.action)).toEqual(['submit', 'spike']);
    expect(nextSteps('submitted', []).map((s) => [s.action, s.to])).toEqual([
      ['markEdited', 'edited'],
      ['approve', 'approved'],
      ['returnToDraft', 'draft'],
      ['spike', 'spiked'],
    ]);
    expect(nextSteps('edited', []).map((s) => s.to)).toEqual(['approved', 'draft', 'spiked']);
    expect(nextSteps('approved', []).map((s) => [s.action, s.to])).toEqual([
      ['reopen', 'edited'],
      ['spike', 'spiked'],
    ]);
  });

  it('restores a spiked story to the status it had before the spike', () => {
    const history = [change('draft'), change('submitted'), change('edited', '周明远'), change('spiked', '周明远')];
    expect(nextSteps('spiked', history)).toEqual([{ action: 'restore', to: 'edited' }]);
  });

  it('uses the latest spike when a story was spiked more than once', () => {
    const history = [change('draft'), change('spiked'), change('draft'), change('submitted'), change('spiked')];
    expect(statusBeforeSpike(history)).toBe('submitted');
  });

  it('restores to draft when the history does not say', () => {
    expect(statusBeforeSpike([])).toBe('draft');
    expect(statusBeforeSpike([change('spiked')])).toBe('draft');
  });
});

describe('who may take which step', () => {
  it('gives a reporter only the filing step, an editor no sign-off or spike, the chief everything', () => {
    expect(nextSteps('draft', [], 'reporter').map((s) => s.action)).toEqual(['submit']);
    expect(nextSteps('submitted', [], 'reporter')).toEqual([]);
    expect(nextSteps('submitted', [], 'editor').map((s) => s.action)).toEqual(['markEdited', 'returnToDraft']);
    expect(nextSteps('approved', [], 'editor')).toEqual([]);
    expect(checkStatusMove('edited', 'spiked', [], 'editor')).toMatchObject({ ok: false, reason: 'role' });
    expect(nextSteps('approved', [], 'chief').map((s) => s.action)).toEqual(['reopen', 'spike']);
    // The single-user desk of today: every step, as before roles.
    expect(nextSteps('submitted', [])).toEqual(nextSteps('submitted', [], 'admin'));
  });

  it('tells a move that is no step of the workflow from one the role may not take', () => {
    expect(checkStatusMove('draft', 'approved', [], 'admin')).toEqual({
      ok: false,
      reason: 'no-such-step',
      allowed: ['submitted', 'spiked'],
    });
    expect(checkStatusMove('edited', 'approved', [], 'editor')).toEqual({
      ok: false,
      reason: 'role',
      step: { action: 'approve', to: 'approved' },
    });
    expect(checkStatusMove('edited', 'approved', [], 'chief')).toEqual({
      ok: true,
      step: { action: 'approve', to: 'approved' },
    });
    expect(checkStatusMove('draft', 'draft', [], 'reporter')).toEqual({ ok: true, step: null });
  });

  it('lets a spiked story go back only where it was before the spike', () => {
    const history = [change('draft'), change('submitted'), change('spiked')];
    expect(checkStatusMove('spiked', 'submitted', history, 'chief').ok).toBe(true);
    expect(checkStatusMove('spiked', 'submitted', history, 'editor').ok).toBe(false);
    expect(checkStatusMove('spiked', 'approved', history, 'admin')).toMatchObject({
      ok: false,
      allowed: ['submitted'],
    });
  });

  it('lets a new story start signed off only for the chief', () => {
    expect(mayStartAs('reporter', 'submitted')).toBe(true);
    expect(mayStartAs('reporter', 'edited')).toBe(false);
    expect(mayStartAs('editor', 'approved')).toBe(false);
    expect(mayStartAs('chief', 'approved')).toBe(true);
    expect(mayStartAs('admin', 'spiked')).toBe(false);
  });
});
