import { isAbsolute, resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * Builds the CLI (the package's `masthead` bin) for plain Node. Only our own code is bundled:
 * every package is imported from node_modules at run time, as `npm run masthead` does. Bundled,
 * packages that find their files through `__dirname` or `require` (playwright-core, jsdom)
 * broke in the ES module output.
 */
const isPackageImport = (id: string): boolean =>
  !id.startsWith('.') && !isAbsolute(id) && !id.startsWith('\0') && !id.startsWith('virtual:');

export default defineConfig({
  build: {
    ssr: true,
    outDir: resolve(import.meta.dirname, 'out/cli'),
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: {
      input: { masthead: resolve(import.meta.dirname, 'electron/cli/masthead.ts') },
      output: { format: 'es', entryFileNames: '[name].js', banner: '#!/usr/bin/env node' },
      external: isPackageImport,
    },
  },
});
