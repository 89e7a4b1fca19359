import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkEdition } from '../../../../electron/layout/edition-check';
import { ProofingService } from '../../../../electron/proofing/proofing-service';
import { Library } from '../../../../electron/store/library';
import { sampleLibrary, tempDir } from '../../../helpers/temp';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('masthead-check-cache-'));
});
afterEach(() => cleanup());

const EDITION = 'sample-edition-2026-07-23';
const codes = (check: Awaited<ReturnType<typeof checkEdition>>) =>
  check.report.problems.map((p) => `${p.code} ${p.storyId ?? ''}`).sort();

describe('preflight kept between checks of a library', () => {
  it('sees a house list saved and a story edited since the last check, as a fresh check does', async () => {
    const root = join(dir, 'library');
    const { library } = await Library.open(root, { seedFrom: sampleLibrary });
    const ready = await checkEdition(library, EDITION);
    expect(ready.report.problems.filter((p) => p.severity === 'blocking')).toEqual([]);

    // A banned term added to the house list (as from the settings screen, another service).
    await new ProofingService(root).saveList('sensitive', '!港务集团→港口集团|测试\n');
    const banned = await checkEdition(library, EDITION);
    expect(codes(banned)).toContain('sensitive-wording sample-zh-port-trade');

    // The page 1 story made three times as long: overset, and approved no more.
    const story = await library.getStory('sample-zh-riverside-library');
    const body = { ...story.body, content: [...story.body.content!, ...story.body.content!, ...story.body.content!] };
    await library.saveStory({ id: story.id, baseRevision: story.revision, changes: { body } });
    const edited = await checkEdition(library, EDITION);
    expect(codes(edited)).toEqual(expect.arrayContaining(['overset sample-zh-riverside-library']));
    expect(edited.blocks.find((b) => b.storyId === story.id)?.fit).toBe('over');

    // Kept results are the same as a check from nothing (a new process opening the library).
    const { library: reopened } = await Library.open(root, { mustExist: true });
    const fresh = await checkEdition(reopened, EDITION);
    expect(edited.report).toEqual(fresh.report);
    expect(edited.blocks).toEqual(fresh.blocks);
    // Checking again changes nothing (counts made on the kept measures do not add up).
    expect((await checkEdition(library, EDITION)).blocks).toEqual(fresh.blocks);
  }, 60_000);
});
