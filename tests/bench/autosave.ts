import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoryBody } from '../../shared/model';
import { type Figure, median, percentile, round } from './figures';
import { BENCH_TOKEN, startBenchHost } from './bench-host';

/**
 * Autosave of a long story as the editor does it: the whole changed body sent through the
 * web host's HTTP contract, validated, written with its index shard and history snapshot.
 * Baseline in the same run: writing the same story JSON to one file with fs.writeFile, the
 * floor any save must stand on.
 */

const HAN = '滨江市今年上半年经济运行总体平稳城市更新项目加快推进新建学校医院和公园陆续投入使用';

function longBody(chars: number, edit: number): StoryBody {
  const paragraphs = [];
  for (let made = 0, i = 0; made < chars; i++) {
    const text = `${HAN.repeat(4).slice(i % 7)}。第${i}段${edit}`;
    paragraphs.push({ type: 'paragraph', content: [{ type: 'text', text }] });
    made += text.length;
  }
  return { type: 'doc', content: paragraphs };
}

export async function autosaveBench(): Promise<Figure[]> {
  const root = await mkdtemp(join(tmpdir(), 'masthead-autosave-'));
  const bench = await startBenchHost(root, join(root, 'library'), join(root, 'static'));
  const { host } = bench;
  const token = BENCH_TOKEN;
  try {
    const call = async (
      channel: string,
      input: unknown,
    ): Promise<{ ok: boolean; value?: { id: string; revision: number } }> => {
      const response = await fetch(`${host.url}api/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-masthead-token': token },
        body: JSON.stringify({ input }),
      });
      return (await response.json()) as { ok: boolean; value?: { id: string; revision: number } };
    };
    const created = await call('library:create-story', { language: 'zh-Hans', headline: '长稿' });
    let revision = created.value!.revision;
    const id = created.value!.id;
    const saves: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < 60; i++) {
      const body = longBody(30_000, i);
      let t = performance.now();
      const saved = await call('library:save-story', { id, baseRevision: revision, changes: { body } });
      if (!saved.ok) throw new Error('save failed');
      revision = saved.value!.revision;
      saves.push(performance.now() - t);
      t = performance.now();
      await writeFile(join(root, 'floor.json'), JSON.stringify({ id, body }, null, 2));
      floor.push(performance.now() - t);
    }
    return [
      {
        name: 'autosave a 30,000-character story through the web host (median of 60)',
        value: round(median(saves)),
        unit: 'ms',
        baseline: 'fs.writeFile of the same JSON',
        baselineValue: round(median(floor)),
      },
      {
        name: 'autosave a 30,000-character story through the web host (p95 of 60)',
        value: round(percentile(saves, 95)),
        unit: 'ms',
        baseline: 'fs.writeFile of the same JSON',
        baselineValue: round(percentile(floor, 95)),
      },
    ];
  } finally {
    await bench.close();
    await rm(root, { recursive: true, force: true });
  }
}
