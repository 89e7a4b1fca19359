import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium: Playwright's own browsers cannot be downloaded on these machines. */
export const CHROMIUM_PATH = process.env.MASTHEAD_CHROMIUM ?? '/usr/bin/chromium';

/** Flags for a closed network and a root user (background networking would hammer refused connections). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
