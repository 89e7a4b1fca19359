import { describe, expect, it } from 'vitest';
import type { StatusChange } from '../../../shared/model';
import { nextSteps, statusBeforeSpike } from '../../../renderer/src/features/story/workflow';

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
