// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIdleThrottle } from '../../../../renderer/src/features/story/measure/idle-throttle';

beforeEach(() => {
  vi.useFakeTimers({
    toFake: [
      'setTimeout',
      'clearTimeout',
      'Date',
      'performance',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
    ],
  });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('idle throttle (counts and snapshots while typing)', () => {
  it('runs just after the frame that paints a keystroke, never between keystrokes, and once more when typing stops', () => {
    const runs: number[] = [];
    const throttle = createIdleThrottle(() => runs.push(Date.now()), 150);
    const start = Date.now();
    const keys: number[] = [];
    // A fast typist: a key every 100 ms, twenty keys.
    for (let i = 0; i < 20; i++) {
      keys.push(Date.now());
      throttle.schedule();
      vi.advanceTimersByTime(100);
    }
    vi.advanceTimersByTime(1_000);
    expect(runs.length).toBeGreaterThanOrEqual(8);
    // Each run while typing follows a keystroke by about a frame (not 150 ms later, by then
    // the next key is near); the last comes after the pause.
    for (const at of runs.slice(0, -1)) {
      const since = at - Math.max(...keys.filter((k) => k <= at));
      expect(since).toBeLessThan(35);
    }
    expect(runs.at(-1)! - keys.at(-1)!).toBeGreaterThanOrEqual(16);
    for (let i = 1; i < runs.length; i++) expect(runs[i]! - runs[i - 1]!).toBeGreaterThanOrEqual(150);
    expect(runs[0]! - start).toBeLessThan(35);
  });

  it('still runs when no frame comes (a hidden window), after the interval', () => {
    const task = vi.fn();
    const throttle = createIdleThrottle(task, 150);
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation(() => 1);
    throttle.schedule();
    vi.advanceTimersByTime(149);
    expect(task).not.toHaveBeenCalled();
    vi.advanceTimersByTime(400);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('runs nothing once cancelled', () => {
    const task = vi.fn();
    const throttle = createIdleThrottle(task, 150);
    throttle.schedule();
    throttle.cancel();
    vi.advanceTimersByTime(1_000);
    expect(task).not.toHaveBeenCalled();
  });
});
