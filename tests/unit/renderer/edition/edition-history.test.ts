import { describe, expect, it } from 'vitest';
import { EditionHistory } from '../../../../renderer/src/features/edition/edition-history';

describe('the edition undo history', () => {
  it('undoes and redoes whole states in order, and a new edit drops the redo branch', () => {
    const h = new EditionHistory('a');
    expect(h.canUndo).toBe(false);
    h.push('b');
    h.push('c');
    expect(h.present).toBe('c');
    expect(h.undo()).toBe('b');
    expect(h.undo()).toBe('a');
    expect(h.canUndo).toBe(false);
    expect(h.undo()).toBe('a');
    expect(h.redo()).toBe('b');
    expect(h.canRedo).toBe(true);
    h.push('d');
    expect(h.canRedo).toBe(false);
    expect(h.redo()).toBe('d');
    expect(h.undo()).toBe('b');
  });

  it('merges edits with the same coalesce key into one step (typing in a field), not others', () => {
    const h = new EditionHistory('');
    h.push('要', 'label');
    h.push('要闻', 'label');
    h.push('要闻版', 'label');
    h.push('moved');
    expect(h.depth).toEqual({ undo: 2, redo: 0 });
    expect(h.undo()).toBe('要闻版');
    expect(h.undo()).toBe('');
    // After an undo, the same key starts a new step.
    h.redo();
    h.push('x', 'label');
    h.push('xy', 'label');
    expect(h.undo()).toBe('要闻版');
  });

  it('ignores a change to the same state and keeps at most its limit of steps', () => {
    const state = { pages: [] };
    const h = new EditionHistory(state, 3);
    expect(h.push(state)).toBe(state);
    expect(h.canUndo).toBe(false);
    for (let i = 1; i <= 5; i++) h.push({ pages: [], i } as never);
    expect(h.depth.undo).toBe(3);
  });

  it('forgets everything on reset (after a reload)', () => {
    const h = new EditionHistory(1);
    h.push(2);
    h.undo();
    h.reset(9);
    expect([h.present, h.canUndo, h.canRedo]).toEqual([9, false, false]);
  });
});
