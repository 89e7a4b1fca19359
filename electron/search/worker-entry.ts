import { type FromSearchWorker, type ToSearchWorker, serveSearch } from './worker';

/**
 * Entry of the search process (see worker.ts). Plain Node: the app starts it
 * with Electron's utilityProcess (messages through process.parentPort), the web host, CLI
 * and tests with child_process.fork (messages through process.send).
 */

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

const parentPort = (process as { parentPort?: ParentPort }).parentPort;

if (parentPort) {
  serveSearch({
    send: (message: FromSearchWorker) => parentPort.postMessage(message),
    onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as ToSearchWorker)),
  });
} else if (process.send) {
  serveSearch({
    send: (message) => {
      // The parent may be gone already; its exit ends this process through 'disconnect'.
      process.send?.(message, undefined, {}, () => undefined);
    },
    onMessage: (listener) => process.on('message', (message) => listener(message as ToSearchWorker)),
  });
  // No orphans: when the parent goes (closed, killed, crashed), so does the index.
  process.on('disconnect', () => process.exit(0));
} else {
  console.error('The search process is started by Masthead, not by hand.');
  process.exit(2);
}
