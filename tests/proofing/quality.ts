import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Proofer } from '../../shared/proofing/engine';
import { emptyHouseLists, mergeLists } from '../../shared/proofing/lists';
import { createSpellChecker } from '../../shared/proofing/spelling';
import { measure } from './seeded-corpus';

/** `npx tsx tests/proofing/quality.ts [--verbose]`: precision and recall on the seeded corpus. */
const folder = dirname(createRequire(import.meta.url).resolve('dictionary-en'));
const speller = createSpellChecker(
  readFileSync(join(folder, 'index.aff'), 'utf8'),
  readFileSync(join(folder, 'index.dic'), 'utf8'),
);
const report = measure(new Proofer(mergeLists(emptyHouseLists()), speller), speller);
const verbose = process.argv.includes('--verbose');
console.log(
  `seeded errors ${report.seeded}, found ${report.found}: recall ${report.recall.toFixed(3)}\n` +
    `findings ${report.findings}, of them on seeded errors ${report.correctFindings}: precision ${report.precision.toFixed(3)}\n` +
    `false alarms on correct copy: ${report.falseAlarmsOnCleanCopy.length}`,
);
for (const [rule, s] of Object.entries(report.byRule)) console.log(`  ${rule.padEnd(18)} ${s.found}/${s.seeded}`);
if (verbose) {
  for (const f of report.falseAlarmsOnCleanCopy)
    console.log('FALSE ALARM', f.source, f.rule, JSON.stringify(f.text), f.context);
  for (const m of report.missed) console.log('MISSED', m.rule, m.text);
}
