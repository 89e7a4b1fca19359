/**
 * Runs `task` at most once per `intervalMs` after the last schedule() call, in idle time where
 * the browser offers it: measuring a long story must never sit between a keystroke and its
 * echo on screen.
 */
export function createIdleThrottle(task: () => void, intervalMs: number): { schedule: () => void; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let idle: number | undefined;
  const hasIdle = typeof window !== 'undefined' && typeof window.requestIdleCallback === 'function';
  const fire = () => {
    idle = undefined;
    task();
  };
  return {
    schedule() {
      if (timer !== undefined || idle !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        // The deadline keeps a busy page from postponing the count indefinitely.
        if (hasIdle) idle = window.requestIdleCallback(fire, { timeout: intervalMs * 2 });
        else fire();
      }, intervalMs);
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      if (idle !== undefined && hasIdle) window.cancelIdleCallback(idle);
      timer = undefined;
      idle = undefined;
    },
  };
}
