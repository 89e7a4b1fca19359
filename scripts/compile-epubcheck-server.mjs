// Compiles the warm EPUBCheck server (resources/epubcheck-server) for the packaged app, so a
// user's machine with only a Java runtime (no javac) still keeps EPUBCheck warm between
// exports. `npm run dist` runs it; without javac or EPUBCheck here it says so and the app
// compiles the server on first use where it can, or checks each book cold.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'epubcheck-server');
const source = join(folder, 'EpubcheckServer.java');
const classes = join(folder, 'classes');
const jar = process.env.MASTHEAD_EPUBCHECK_JAR ?? '/usr/share/java/epubcheck.jar';

if (!existsSync(jar)) {
  console.warn(
    `compile-epubcheck-server: no EPUBCheck jar at ${jar} (set MASTHEAD_EPUBCHECK_JAR): not shipped compiled`,
  );
  process.exit(0);
}
rmSync(classes, { recursive: true, force: true });
mkdirSync(classes, { recursive: true });
try {
  execFileSync('javac', ['--release', '8', '-cp', jar, '-d', classes, source], { stdio: 'inherit' });
} catch (error) {
  rmSync(classes, { recursive: true, force: true });
  console.warn(`compile-epubcheck-server: javac failed (${error.message}): not shipped compiled`);
  process.exit(0);
}
// The app uses the shipped class only when it was compiled from the source beside it.
writeFileSync(join(classes, 'source.sha256'), createHash('sha256').update(readFileSync(source, 'utf8')).digest('hex'));
console.log(`compile-epubcheck-server: ${classes}`);
