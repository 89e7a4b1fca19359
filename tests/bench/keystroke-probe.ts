import type { Page } from 'playwright-core';

/**
 * Keystroke to paint in a real page, one sample per key: from the keydown's timestamp to the
 * first task after the frame that shows it (a message posted from the frame callback arrives
 * after that frame's paint). Each keydown's wall time is kept too, for benches that follow a
 * keystroke onto another page. Used by editor-latency.ts and collab.ts, so the
 * story editor alone and live co-editing are measured the same way.
 */

interface ProbeWindow {
  __latency: number[];
  __keyAt: number[];
  __probing?: boolean;
}

/** Starts the samples on `page`, or starts them again (one listener: each key gives one sample). */
export const installKeystrokeProbe = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as ProbeWindow;
    w.__latency = [];
    w.__keyAt = [];
    if (w.__probing) return;
    w.__probing = true;
    window.addEventListener(
      'keydown',
      (event) => {
        const start = event.timeStamp;
        w.__keyAt.push(performance.timeOrigin + start);
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => w.__latency.push(performance.now() - start);
          channel.port2.postMessage(null);
        });
      },
      true,
    );
  });

/**
 * Presses `count` letter keys, one every `intervalMs` (a steady typist). `probed`: waits for
 * each key's sample before the next, so every key is measured on its own.
 */
export async function typeKeys(page: Page, count: number, probed: boolean, intervalMs: number): Promise<void> {
  const keys = 'abcdefghijklmnopqrstuvwxyz';
  for (let i = 0; i < count; i++) {
    const started = Date.now();
    await page.keyboard.press(keys[i % keys.length]!);
    if (probed) {
      await page.waitForFunction((n) => (window as unknown as ProbeWindow).__latency.length > n, i);
    }
    const rest = intervalMs - (Date.now() - started);
    if (rest > 0) await page.waitForTimeout(rest);
  }
}

/** The samples so far: latency (ms) and keydown wall time (ms since the epoch), one per key. */
export const keystrokeSamples = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as ProbeWindow;
    return { latency: w.__latency.slice(), keyAt: w.__keyAt.slice() };
  });
