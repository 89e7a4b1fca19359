import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { exportContext } from '../../../../electron/export/context';
import type { ExportContext, FormatExporter } from '../../../../electron/export/types';
import { Library } from '../../../../electron/store/library';
import type { DocNode } from '../../../../shared/model/story';
import { sampleLibrary } from '../../../helpers/temp';

export const SAMPLE_EDITION = 'sample-edition-2026-07-23';

/** A 2×2 PNG, built byte by byte so the test needs no image file. */
export const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000020000000208020000fdd49a730000001649444154789c62f8cfc0f01f0418fe33fc070300000000ffff0300e6180bf5c3c5a1a90000000049454e44ae426082',
  'hex',
);

export const PHOTO_CAPTION = '改建后的滨江图书馆阅览大厅';
export const PHOTO_CREDIT = '本报记者 陈晨 摄';
/** An asset id whose file is not in the library: the export must survive it. */
export const MISSING_ASSET = `${'0'.repeat(64)}.jpg`;

/**
 * The sample library copied into `dir`, with a photo (a real asset file) and a photo whose
 * file is gone added to the Chinese front-page story, and the export context of the sample edition.
 */
export async function sampleContext(dir: string): Promise<{ library: Library; ctx: ExportContext; assetId: string }> {
  const { library } = await Library.open(join(dir, 'library'), { seedFrom: sampleLibrary });
  const { assetId } = await library.assets.add(PNG, 'reading-room.png');
  const story = await library.getStory('sample-zh-riverside-library');
  const figure: DocNode = {
    type: 'photoFigure',
    attrs: { asset: assetId, caption: PHOTO_CAPTION, credit: PHOTO_CREDIT, alt: '', width: null, height: null },
  };
  const content = [...(story.body.content ?? [])];
  const gone: DocNode = { type: 'photoFigure', attrs: { asset: MISSING_ASSET, caption: '旧厂房原貌' } };
  content.splice(1, 0, figure, gone);
  await library.saveStory({ id: story.id, baseRevision: story.revision, changes: { body: { type: 'doc', content } } });
  const ctx = await exportContext(library, SAMPLE_EDITION, { appVersion: '9.9.9-test' });
  return { library, ctx, assetId };
}

/** Runs one exporter into a fresh folder under `dir`, recording its progress calls. */
export async function runExporter(
  exporter: FormatExporter,
  ctx: ExportContext,
  dir: string,
): Promise<{ out: string; progress: [number, number][] }> {
  const out = join(dir, `out-${exporter.format}`);
  await mkdir(out, { recursive: true });
  const progress: [number, number][] = [];
  await exporter.write(ctx, out, new AbortController().signal, (done, total) => progress.push([done, total]));
  return { out, progress };
}
