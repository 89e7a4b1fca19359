import { existsSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * Builds the CLI (the package's `masthead` bin) for plain Node. Our own code is bundled; packages
 * are imported from node_modules at run time, as `npm run masthead` does, wherever node can
 * import them itself. Bundled, packages that find their files through `__dirname` or `require`
 * (playwright-core, jsdom) broke in the ES module output.
 */
const isBareImport = (id: string): boolean =>
  !id.startsWith('.') && !isAbsolute(id) && !id.startsWith('\0') && !id.startsWith('virtual:');

/**
 * Whether node itself can load `id` from node_modules as an ES module import: a package by its
 * name, a subpath through the package's `exports`, or a subpath naming a JavaScript file.
 * Other subpaths (a directory such as `hyphen/en`, a `.json` file) only resolve the way
 * bundlers and tsx resolve them: those are bundled.
 */
function nodeCanImport(id: string): boolean {
  if (id.startsWith('node:') || builtinModules.includes(id.split('/')[0]!)) return true;
  const parts = id.split('/');
  const nameLength = id.startsWith('@') ? 2 : 1;
  const subpath = parts.slice(nameLength).join('/');
  if (!subpath) return true;
  const packageDir = resolve(import.meta.dirname, 'node_modules', ...parts.slice(0, nameLength));
  try {
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { exports?: unknown };
    if (manifest.exports !== undefined) return true;
  } catch {
    return false;
  }
  const file = join(packageDir, subpath);
  return /\.(c|m)?js$/.test(subpath) && existsSync(file) && statSync(file).isFile();
}

export default defineConfig({
  build: {
    ssr: true,
    outDir: resolve(import.meta.dirname, 'out/cli'),
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: {
      input: { masthead: resolve(import.meta.dirname, 'electron/cli/masthead.ts') },
      output: { format: 'es', entryFileNames: '[name].js', banner: '#!/usr/bin/env node' },
      external: (id) => isBareImport(id) && nodeCanImport(id),
    },
  },
});
