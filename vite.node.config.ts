import { resolve } from 'node:path';
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

/** Builds the CLI (the package's `masthead` bin) for plain Node. */
export default defineConfig({
  build: {
    ssr: true,
    outDir: resolve(import.meta.dirname, 'out/cli'),
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: {
      input: { masthead: resolve(import.meta.dirname, 'electron/cli/masthead.ts') },
      output: { format: 'es', entryFileNames: '[name].js', banner: '#!/usr/bin/env node' },
      external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
    },
  },
  ssr: { noExternal: true },
});
