import { useEffect, useSyncExternalStore } from 'react';
import type { NewsroomStatus } from '../../../../shared/ipc/newsroom';
import { api } from '../../api/client';

/**
 * The newsroom's status for every part of the window (header, library, settings), asked of
 * the host once and then every few seconds — only while a newsroom is set up: in single-desk
 * use one call says 'off' and nothing more is asked.
 */

const POLL_MS = 2000;

let status: NewsroomStatus | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;
let users = 0;
const listeners = new Set<() => void>();

function publish(next: NewsroomStatus | null): void {
  status = next;
  for (const listener of listeners) listener();
}

async function poll(): Promise<void> {
  timer = null;
  try {
    publish(await api.newsroomStatus());
  } catch {
    // The host is busy or restarting: the last status stands until the next call.
  }
  if (users > 0 && status && status.state !== 'off') timer = setTimeout(() => void poll(), POLL_MS);
}

/** Asks again now (after connecting, disconnecting, syncing). */
export function refreshNewsroomStatus(next?: NewsroomStatus): void {
  if (timer) clearTimeout(timer);
  timer = null;
  if (next) {
    publish(next);
    if (users > 0 && next.state !== 'off') timer = setTimeout(() => void poll(), POLL_MS);
  } else {
    void poll();
  }
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** The newsroom status, null until the host first answered. */
export function useNewsroomStatus(): NewsroomStatus | null {
  useEffect(() => {
    users++;
    if (users === 1 && !timer) void poll();
    return () => {
      users--;
      if (users === 0 && timer) {
        clearTimeout(timer);
        timer = null;
      }
    };
  }, []);
  return useSyncExternalStore(subscribe, () => status);
}
