import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkEdition } from '../../../../electron/layout/edition-check';
import { Library } from '../../../../electron/store/library';
import { describeProblem } from '../../../../shared/layout/preflight';
import type { PageTemplate } from '../../../../shared/model/edition';
import { findTemplate } from '../../../../shared/model/templates';
import { sampleLibrary, tempDir } from '../../../helpers/temp';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('masthead-check-artwork-'));
});
afterEach(() => cleanup());

const EDITION = 'sample-edition-2026-07-23';
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100"><rect width="400" height="100"/></svg>';

describe('preflight of masthead artwork', () => {
  it('warns when the front page template names artwork the library no longer has, and not when it has it', async () => {
    const { library } = await Library.open(join(dir, 'library'), { seedFrom: sampleLibrary });
    const useArtwork = async (asset: string) => {
      const edition = await library.getEdition(EDITION);
      const template: PageTemplate = {
        ...findTemplate('zh-broadsheet-front')!,
        id: 'tpl-front',
        masthead: { artwork: { asset, width: 400, height: 100 } },
      };
      await library.saveEdition({
        edition: {
          ...edition,
          templates: [template],
          // (The sample's ad at the foot of page 1 would fall below the front page's deeper top margin.)
          pages: edition.pages.map((p, i) =>
            i === 0 ? { ...p, templateId: template.id, placements: p.placements.filter((b) => b.kind !== 'ad') } : p,
          ),
        },
        baseUpdatedAt: edition.updatedAt,
      });
      return checkEdition(library, EDITION);
    };

    const gone = `${'a'.repeat(64)}.svg`;
    const missing = await useArtwork(gone);
    const problem = missing.report.problems.find((p) => p.code === 'artwork-missing')!;
    expect(problem).toMatchObject({ severity: 'warning', pageNumber: 1, detail: gone });
    expect(describeProblem(problem)).toBe(
      `page 1: the masthead artwork ${gone} is not in the library; the paper's name prints as set type`,
    );
    expect(missing.report.warnings).toBe(missing.report.problems.filter((p) => p.severity === 'warning').length);

    const { assetId } = await library.assets.add(Buffer.from(SVG), 'name.svg', { vector: true });
    const present = await useArtwork(assetId);
    expect(present.report.problems.map((p) => p.code)).not.toContain('artwork-missing');
  }, 60_000);
});
