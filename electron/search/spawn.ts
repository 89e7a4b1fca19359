import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FromSearchWorker, ToSearchWorker } from './worker';

/**
 * How a StorySearch starts its search process. Injected, so services never import electron:
 * the app passes one built on Electron's utilityProcess (electron/main), the web host, the
 * benchmarks and tests the child_process.fork one below.
 */
export interface SearchProcess {
  readonly pid: number | undefined;
  send(message: ToSearchWorker): void;
  onMessage(listener: (message: FromSearchWorker) => void): void;
  /** Called once, when the process is gone (or could not start). */
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export type SearchSpawner = () => SearchProcess;

/**
 * V8 flags for the search process. It allocates little once its index is built (the index is
 * in typed arrays), so a 1 MB young generation instead of V8's 16 MB default keeps about
 * 30 MB of resident memory from sitting idle there, for a few more cheap scavenges.
 */
export const SEARCH_PROCESS_V8_FLAGS = ['--max-semi-space-size=1'];

/**
 * Environment for the search process. The build reads every story file and grows its typed
 * arrays segment by segment, so large blocks are allocated and freed by turns; glibc's malloc
 * then raises its mmap threshold and keeps the freed memory for reuse, about 25–30 MB of
 * resident memory that the built index never asks for again (probe, 10,000 stories: 130–138
 * MB built, 106–109 MB with this; the build takes as long). A fixed trim threshold keeps the
 * mmap threshold fixed too, so large blocks go back to the system when freed. Allocators other
 * than glibc's ignore it.
 */
export const SEARCH_PROCESS_ENV: Readonly<Record<string, string>> = { MALLOC_TRIM_THRESHOLD_: '131072' };

export interface NodeSearchSpawnerOptions {
  /** The worker entry; by default the one beside this module (source under tsx, or built). */
  entry?: string;
  /** Extra Node flags for the search process (the benchmark adds --expose-gc). */
  execArgv?: string[];
}

/**
 * Where the search process's entry is: the TypeScript source, run through the tsx loader,
 * when this module runs from source (web host, tests, benchmarks); the built
 * `search-worker.js` beside the bundle otherwise (out/main).
 */
function defaultEntry(): { entry: string; execArgv: string[] } {
  const here = import.meta.dirname;
  const source = join(here, 'worker-entry.ts');
  if (import.meta.url.endsWith('.ts') && existsSync(source)) return { entry: source, execArgv: ['--import', 'tsx'] };
  return { entry: join(here, 'search-worker.js'), execArgv: [] };
}

/** Starts the search process with child_process.fork; it ends itself when this process goes. */
export function nodeSearchSpawner(options: NodeSearchSpawnerOptions = {}): SearchSpawner {
  const found = options.entry ? { entry: options.entry, execArgv: [] } : defaultEntry();
  return () => {
    const child = fork(found.entry, [], {
      execArgv: [...found.execArgv, ...SEARCH_PROCESS_V8_FLAGS, ...(options.execArgv ?? [])],
      env: { ...SEARCH_PROCESS_ENV, ...process.env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    let exited = false;
    const exitListeners: ((code: number | null) => void)[] = [];
    const gone = (code: number | null): void => {
      if (exited) return;
      exited = true;
      for (const listener of exitListeners) listener(code);
    };
    child.once('exit', (code) => gone(code));
    // A process that cannot start reports an error and may never exit.
    child.once('error', () => {
      if (child.exitCode === null && child.signalCode === null && !child.connected) gone(null);
    });
    return {
      get pid() {
        return child.pid;
      },
      send: (message) => {
        if (!child.connected) return;
        // A failed send means the process is going; its exit says the rest.
        child.send(message, (error) => {
          if (error) console.error('[masthead] could not reach the search process:', error.message);
        });
      },
      onMessage: (listener) => child.on('message', (message) => listener(message as FromSearchWorker)),
      onExit: (listener) => {
        exitListeners.push(listener);
      },
      kill: () => {
        if (!exited) child.kill();
      },
    };
  };
}
