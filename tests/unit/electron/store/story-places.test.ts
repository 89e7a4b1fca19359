import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library } from '../../../../electron/store/library';
import { sampleLibrary, tempDir } from '../../../helpers/temp';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

describe("the library list's story places", () => {
  it('names the page and section of the newest edition that places each story', async () => {
    const { library } = await Library.open(dir, { seedFrom: sampleLibrary });
    const [sample] = await library.listEditions();
    const sampleEdition = await library.getEdition(sample!.id);
    const placed = sampleEdition.pages.flatMap((page) =>
      page.placements.filter((p) => p.kind === 'story' && p.storyId).map((p) => ({ page, placement: p })),
    );
    expect(placed.length).toBeGreaterThan(1);
    const before = await library.editions.storyPlaces();
    // Every placed story of the sample is found, on the page it is placed on.
    for (const { page, placement } of placed.filter(({ placement }) => !placement.continuation)) {
      expect(before.find((place) => place.storyId === placement.storyId)).toMatchObject({
        editionId: sampleEdition.id,
        pageNumber: page.number,
        section: page.section,
      });
    }
    const unplaced = library.listStories().filter((s) => !placed.some(({ placement }) => placement.storyId === s.id));
    for (const story of unplaced) expect(before.some((place) => place.storyId === story.id)).toBe(false);

    // A newer edition places one of them on its page 3 (经济): the list now says page 3.
    const { placement: moved } = placed[0]!;
    const newer = await library.createEdition({
      publication: sampleEdition.publication,
      date: '2099-01-02',
      issueNumber: sampleEdition.issueNumber + 1,
      templateId: sampleEdition.pages[0]!.templateId,
      pageCount: 4,
      sections: ['要闻', '综合', '经济', '国际'],
    });
    const pages = newer.pages.map((page) =>
      page.number === 3 ? { ...page, placements: [{ ...moved, id: 'moved-block', continuation: undefined }] } : page,
    );
    await library.saveEdition({ edition: { ...newer, pages }, baseUpdatedAt: newer.updatedAt });
    const after = await library.editions.storyPlaces();
    expect(after.find((place) => place.storyId === moved.storyId)).toEqual({
      storyId: moved.storyId,
      editionId: newer.id,
      date: '2099-01-02',
      pageNumber: 3,
      section: '经济',
    });
    // The others still come from the sample edition, and each story is listed once.
    expect(after).toHaveLength(before.length);
    expect(after.filter((place) => place.editionId === sampleEdition.id)).toHaveLength(before.length - 1);
  });
});
