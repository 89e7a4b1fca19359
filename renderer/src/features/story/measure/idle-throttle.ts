/**
 * Runs `task` at most about once per `intervalMs` while schedule() keeps being called, and
 * never between a keystroke and its echo on screen: measuring a long story and re-rendering
 * what shows the result must not hold up the next character.
 *
 * While typing goes on, the task runs in the idle time just after the frame that paints a
 * keystroke, when the next key is furthest away; once typing pauses, `intervalMs` after the
 * last schedule(). A timer of its own (the old way: `intervalMs` after the first change)
 * fired at any moment between two keystrokes, and the frame its DOM change asked for kept the
 * browser's frame clock running, so the next keystroke waited for a whole frame interval
 * instead of being painted at once (seen in traces: those keystrokes took 17–19 ms, the others
 * 4–6 ms).
 */
export function createIdleThrottle(task: () => void, intervalMs: number): { schedule: () => void; cancel: () => void } {
  const hasWindow = typeof window !== 'undefined';
  const hasIdle = hasWindow && typeof window.requestIdleCallback === 'function';
  const hasFrames = hasWindow && typeof window.requestAnimationFrame === 'function';
  let pause: ReturnType<typeof setTimeout> | undefined;
  let frame: number | undefined;
  let idle: number | undefined;
  let lastRun = Number.NEGATIVE_INFINITY;

  const clearPause = () => {
    if (pause !== undefined) clearTimeout(pause);
    pause = undefined;
  };
  const fire = () => {
    idle = undefined;
    clearPause();
    lastRun = Date.now();
    task();
  };
  const inIdleTime = () => {
    if (idle !== undefined) return;
    // The deadline keeps a busy page from postponing the task indefinitely.
    if (hasIdle) idle = window.requestIdleCallback(fire, { timeout: intervalMs * 2 });
    else fire();
  };
  const afterNextFrame = () => {
    if (!hasFrames) return inIdleTime();
    frame = window.requestAnimationFrame(() => {
      frame = undefined;
      inIdleTime();
    });
  };

  return {
    schedule() {
      if (frame !== undefined || idle !== undefined) return;
      // Also when no frame comes (a hidden window): the pause timer runs it then.
      clearPause();
      pause = setTimeout(() => {
        pause = undefined;
        if (frame !== undefined && hasFrames) window.cancelAnimationFrame(frame);
        frame = undefined;
        inIdleTime();
      }, intervalMs);
      if (Date.now() - lastRun >= intervalMs) afterNextFrame();
    },
    cancel() {
      clearPause();
      if (frame !== undefined && hasFrames) window.cancelAnimationFrame(frame);
      if (idle !== undefined && hasIdle) window.cancelIdleCallback(idle);
      frame = undefined;
      idle = undefined;
    },
  };
}
