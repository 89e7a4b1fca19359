/**
 * Loaded with `node --require` in front of Electron's own install.js by start-electron.ts.
 * Electron's installer prints a failure as a stack trace; this hands the failure (and the
 * download that failed, with the network's reason) to the start script on fd 3 instead, so
 * the user reads one paragraph. Electron's progress bar still writes to the terminal.
 */
'use strict';
// A CommonJS preload: it must run before install.js, which is CommonJS too.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { writeSync } = require('node:fs');

const report = (record) => {
  try {
    writeSync(3, `${JSON.stringify(record)}\n`);
  } catch {
    // No fd 3: run by hand, not by the start script; the message goes nowhere else.
  }
};

const originalFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : (input?.url ?? String(input));
  try {
    const response = await originalFetch(input, init);
    if (!response.ok)
      report({ kind: 'fetch', url, reason: `the server answered ${response.status} ${response.statusText}` });
    return response;
  } catch (error) {
    const cause = error && error.cause;
    report({
      kind: 'fetch',
      url,
      reason: (cause && (cause.message || cause.code)) || (error && error.message) || String(error),
    });
    throw error;
  }
};

console.error = (...values) => {
  const first = String(values[0] ?? '').split('\n')[0];
  report({ kind: 'error', message: first });
};
