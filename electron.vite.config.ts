import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './vite.renderer.config';

const here = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(here, 'out/main'),
      rollupOptions: {
        input: {
          index: resolve(here, 'electron/main/index.ts'),
          // The search process's entry, started with utilityProcess.fork (see electron/main).
          'search-worker': resolve(here, 'electron/search/worker-entry.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require nothing but electron: bundle everything it uses.
      externalizeDeps: false,
      outDir: resolve(here, 'out/preload'),
      rollupOptions: {
        input: { index: resolve(here, 'electron/preload/index.ts') },
        // A sandboxed preload cannot be an ES module.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig,
});
