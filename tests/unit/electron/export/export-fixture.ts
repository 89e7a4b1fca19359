import { join } from 'node:path';
import { exportContext } from '../../../../electron/export/context';
import type { ExportContext } from '../../../../electron/export/types';
import { Library } from '../../../../electron/store/library';
import type { DocNode } from '../../../../shared/model/story';
import { sampleLibrary } from '../../../helpers/temp';

export const SAMPLE_EDITION = 'sample-edition-2026-07-23';

/** A 2×2 PNG, small enough to read in a test and a real image to EPUBCheck. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4IScHRAwQCgAfJgQRoo8irwAAAABJRU5ErkJggg==',
  'base64',
);

/** An asset id whose file is not in the library: its caption must still print, with no broken link. */
export const MISSING_ASSET = `${'0'.repeat(64)}.jpg`;

/**
 * The sample library in a temp folder, with a photo (and a photo whose file is gone) in the
 * first Chinese story and a link to the web in an English story: what an export must carry
 * (the photo, copied), keep (the link, as a link) and survive (the missing file).
 */
export async function exportLibrary(dir: string): Promise<{ library: Library; photo: string }> {
  const { library } = await Library.open(join(dir, 'library'), { seedFrom: sampleLibrary });
  const { assetId } = await library.assets.add(PNG, 'harbour.png');
  const zh = await library.getStory('sample-zh-riverside-library');
  const photo: DocNode = {
    type: 'photoFigure',
    attrs: { asset: assetId, caption: '改建后的滨江图书馆阅览大厅', credit: '本报记者 林小雨 摄', alt: '' },
  };
  const gone: DocNode = { type: 'photoFigure', attrs: { asset: MISSING_ASSET, caption: '旧厂房原貌' } };
  await library.saveStory({
    id: zh.id,
    baseRevision: zh.revision,
    changes: {
      body: {
        type: 'doc',
        content: [...(zh.body.content ?? []).slice(0, 2), photo, gone, ...(zh.body.content ?? []).slice(2)],
      },
    },
  });
  const en = await library.getStory('sample-en-harbour-bridge');
  const link: DocNode = {
    type: 'paragraph',
    content: [
      { type: 'text', text: 'Timetables are at ' },
      {
        type: 'text',
        text: 'the ferry site',
        marks: [{ type: 'link', attrs: { href: 'https://ferries.example.org/times' } }],
      },
      { type: 'text', text: '.' },
    ],
  };
  await library.saveStory({
    id: en.id,
    baseRevision: en.revision,
    changes: { body: { type: 'doc', content: [...(en.body.content ?? []), link] } },
  });
  return { library, photo: assetId };
}

export async function sampleContext(dir: string): Promise<{ ctx: ExportContext; library: Library; photo: string }> {
  const { library, photo } = await exportLibrary(dir);
  const ctx = await exportContext(library, SAMPLE_EDITION, {
    appVersion: '9.9.9-test',
    now: () => new Date('2026-07-23T01:02:03.456Z'),
  });
  return { ctx, library, photo };
}
