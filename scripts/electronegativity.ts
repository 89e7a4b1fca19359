/**
 * Runs Electronegativity (Doyensec's static checker for Electron's security checklist) over
 * the main process, preload and renderer page, and fails on any HIGH or MEDIUM finding that
 * scripts/electronegativity-allowlist.json does not explain. Offline: the one check that
 * downloads Electron's release list is skipped, and the Electron version is passed in.
 *
 *   npx tsx scripts/electronegativity.ts
 */
import { createRequire } from 'node:module';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/** One issue as Electronegativity's programmatic API returns it. */
interface Issue {
  id: string;
  severity: { name: string };
  confidence: { name: string };
  file: string;
  location?: { line: number; column: number };
  sample?: string;
}

type Run = (options: Record<string, unknown>) => Promise<{ issues: Issue[]; errors: unknown[] }>;

interface Finding {
  check: string;
  severity: string;
  confidence: string;
  file: string;
  location: string;
  sample: string;
}

interface Allowed {
  check: string;
  file: string;
  reason: string;
}

async function electronVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(join(root, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

async function main(): Promise<void> {
  const started = Date.now();
  // What ships: the main process, preload and services, the page with its CSP, and the
  // manifest. The built out/ adds only the bundled renderer, which holds no Electron API.
  const stage = await mkdtemp(join(tmpdir(), 'masthead-electronegativity-'));
  try {
    await cp(join(root, 'electron'), join(stage, 'electron'), { recursive: true });
    await mkdir(join(stage, 'renderer'));
    await cp(join(root, 'renderer/index.html'), join(stage, 'renderer/index.html'));
    await cp(join(root, 'package.json'), join(stage, 'package.json'));
    // The programmatic API, not the CLI: the CLI writes its CSV without waiting for the
    // write, and exits, so the file is sometimes cut short.
    const required = createRequire(import.meta.url)('@doyensec/electronegativity') as Run | { default: Run };
    const run = typeof required === 'function' ? required : required.default;
    const { issues, errors } = await run({
      input: stage,
      electronVersionOverride: await electronVersion(),
      // Needs the network (Electron's release notes); offline it only prints a warning.
      excludeFromScan: ['availablesecurityfixesglobalcheck'],
      customScan: [],
      parserPlugins: [],
    });
    if (errors.length > 0) console.log(`Electronegativity could not parse ${errors.length} file(s):`, errors);
    const findings: Finding[] = issues.map((issue) => ({
      check: issue.id,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      file: isAbsolute(issue.file) ? relative(stage, issue.file).split('\\').join('/') : issue.file,
      location: issue.location ? `${issue.location.line}:${issue.location.column}` : '',
      sample: (issue.sample ?? '').replace(/\s+/g, ' ').slice(0, 70),
    }));
    const allowlist = JSON.parse(
      await readFile(join(root, 'scripts/electronegativity-allowlist.json'), 'utf8'),
    ) as Allowed[];
    const explained = (f: Finding) => allowlist.find((a) => a.check === f.check && a.file === f.file);

    const serious = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
    const unexplained = serious.filter((f) => !explained(f));
    for (const f of findings) {
      const mark =
        f.severity === 'HIGH' || f.severity === 'MEDIUM' ? (explained(f) ? 'explained' : 'UNEXPLAINED') : 'info';
      console.log(
        `${mark.padEnd(11)} ${f.severity.padEnd(13)} ${f.check.padEnd(40)} ${f.file}:${f.location}  ${f.sample}`,
      );
    }
    const stale = allowlist.filter((a) => !serious.some((f) => f.check === a.check && f.file === a.file));
    for (const a of stale) console.log(`note: allowlist entry ${a.check} in ${a.file} matches no finding any more`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (unexplained.length > 0) {
      console.error(
        `Electronegativity: ${unexplained.length} HIGH/MEDIUM finding(s) not explained in scripts/electronegativity-allowlist.json (${seconds} s).`,
      );
      process.exitCode = 1;
    } else {
      console.log(
        `Electronegativity: ${findings.length} finding(s), ${serious.length} HIGH/MEDIUM, all explained (${seconds} s).`,
      );
    }
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((error: unknown) => {
    console.error('Electronegativity could not run:', error);
    process.exitCode = 1;
  });
}
