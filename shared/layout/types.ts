import type { Edition } from '../model/edition';
import type { Story } from '../model/story';

/**
 * The measured layout of an edition: what the layout engine (shared/layout/engine.ts, DOM code
 * run in Chromium: the renderer, or playwright-core in the CLI) found when it set every
 * placed story in its blocks with the one page stylesheet (resources/typeset/page.css).
 */

export type BlockFit = 'fits' | 'over' | 'short' | 'empty' | 'missing';

export interface BlockMeasure {
  placementId: string;
  pageId: string;
  /** The page's position in the edition, 1-based. */
  pageNumber: number;
  kind: 'story' | 'photo' | 'ad' | 'placeholder';
  storyId: string | null;
  /** fits; over (overset: text left over after the last block of the story); short (underset); empty (no text); missing (story not in the library). */
  fit: BlockFit;
  /** Body lines the block holds: its columns × its body lines under the headline. */
  capacityLines: number;
  /** Body lines of text set in this block. */
  usedLines: number;
  /** Lines left over after this block, when it is the story's last: the overset. */
  overLines: number;
  /** Empty body lines in this block, when it is the story's last. */
  shortLines: number;
  /** Over: characters (Chinese) or words (English) to cut; short: to add. */
  amount: number;
  amountUnit: 'chars' | 'words';
  /** Body lines the headline group takes (0 on a continuation). */
  headLines: number;
  /** The jump lines printed in this block. */
  jumpTo: string | null;
  jumpFrom: string | null;
  /** 0 for the block with the headline, 1, 2 … for continuations. */
  chainIndex: number;
  /** Closing punctuation found at the start of a laid-out line after the fixing pass (should be none). */
  lineStartPunctuation: string[];
  /** Photos in the block's story without a caption, or whose file didn't load. */
  photosWithoutCaption: number;
  photosMissing: number;
}

export interface EditionLayoutInput {
  edition: Edition;
  /** The placed stories, by id. */
  stories: ReadonlyMap<string, Story>;
  /** A photo asset's URL in this document. */
  assetUrl?: (assetId: string) => string;
}

export interface EditionLayout {
  blocks: Map<string, BlockMeasure>;
}
