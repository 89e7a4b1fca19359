import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type BenchOptions, type Figure, round } from './figures';
import { autosaveBench } from './autosave';
import { collabBench } from './collab';
import { editorLatencyBench } from './editor-latency';
import { exportBench } from './export';
import { importBench } from './import';
import { layoutBench } from './layout';
import { newsroomBench } from './newsroom';
import { proofingBench } from './proofing';
import { scaleBench } from './scale';
import { searchBench } from './search';
import { storageBench } from './storage';
import { tagsBench } from './tags';

/**
 * `npm run bench [-- --json FILE] [-- --only NAME]`: every speed and memory figure of the
 * project, each measured against a baseline in the same run. Each suite is a function
 * returning figures; add yours to the list.
 */
const suites: Record<string, (options: BenchOptions) => Promise<Figure[]>> = {
  storage: storageBench,
  import: importBench,
  autosave: autosaveBench,
  editor: editorLatencyBench,
  search: searchBench,
  scale: scaleBench,
  layout: layoutBench,
  export: exportBench,
  proofing: proofingBench,
  tags: tagsBench,
  newsroom: newsroomBench,
  collab: collabBench,
};

function table(figures: Figure[]): string {
  const rows = figures.map((f) => [
    f.name,
    `${f.value} ${f.unit}`,
    // NaN: the baseline could not be measured here (its tool is missing); the figure stands alone.
    Number.isNaN(f.baselineValue) ? 'not measured' : `${f.baselineValue} ${f.unit}`,
    f.baseline,
    Number.isNaN(f.baselineValue) ? '—' : `${round(f.baselineValue / f.value, 1)}×`,
  ]);
  const head = ['figure', 'Masthead', 'baseline', 'baseline is', 'ratio'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'string' },
      only: { type: 'string', multiple: true },
      stories: { type: 'string' },
      saves: { type: 'string' },
    },
  });
  const options: BenchOptions = { stories: Number(values.stories ?? 1000), saves: Number(values.saves ?? 200) };
  const figures: Figure[] = [];
  for (const [name, suite] of Object.entries(suites)) {
    if (values.only && !values.only.includes(name)) continue;
    console.error(`bench: ${name}…`);
    figures.push(...(await suite(options)));
  }
  console.log(table(figures));
  if (values.json) {
    await writeFile(values.json, `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`\nwrote ${values.json}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
