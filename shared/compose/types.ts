/**
 * The composer's vocabulary: faces that know their glyphs' advances, and what it produces —
 * one list of positioned glyph runs per block, in millimetres on the paper, that the screen,
 * the measured copyfit and the print PDF all read. Pure data: no DOM, no node:*.
 */

/** A font face as the composer needs it: advances in ems, read from the font itself. */
export interface Face {
  /** Stable name of the face (family and style), also the PDF writer's font key. */
  key: string;
  has(codePoint: number): boolean;
  /** Advance of a run of text as the face shapes it (kerning, ligatures), in ems. */
  measure(text: string): number;
  /**
   * Where a full-width mark's ink sits in its em box, as the left and right edges in ems:
   * the composer compresses a mark by trimming the empty side (。 in a Simplified Chinese
   * face sits in the left half, “ in the right half, ： in the middle).
   */
  ink(codePoint: number): { left: number; right: number };
}

export interface FaceRequest {
  family: string;
  bold?: boolean;
  italic?: boolean;
}

/** The faces a page may use, and the face for characters none of them has (CJK Ext B–H). */
export interface FontSet {
  face(request: FaceRequest): Face;
  /** A face holding this character when the requested one does not, if any. */
  fallback(codePoint: number): Face | null;
}

/** A run of characters set at the face's own advances from (x, y): the baseline's start, in mm from the paper's top left. */
export interface GlyphRun {
  text: string;
  x: number;
  y: number;
  face: string;
  sizePt: number;
  /** The run's width as set, in mm (advances plus any letter spacing). */
  width: number;
  /** Extra space after every character, in mm: only where a line had to be spread (off the grid). */
  letterSpacing?: number;
}

export type LineKind =
  | 'body'
  | 'byline'
  | 'dateline'
  | 'cross-head'
  | 'caption'
  | 'jump'
  | 'kicker'
  | 'headline'
  | 'subheadline'
  | 'continuation-head'
  | 'folio'
  | 'masthead'
  | 'label';

export interface ComposedLine {
  kind: LineKind;
  script: 'cjk' | 'latin';
  runs: GlyphRun[];
  /** The measure the line is set to, in mm, and where it starts. */
  x: number;
  measure: number;
  /** Baseline, mm from the paper's top. */
  y: number;
  /** Whether this is the last line of its paragraph (set flush, not justified). */
  last: boolean;
  /** The line had to be letter-spaced to fill its measure: it left the character grid. */
  spread: boolean;
  /** Text of the line as a reader reads it (for checks and search). */
  text: string;
}

export interface RuleLine {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  weightPt: number;
  /** A 花线 (ornamental rule) instead of a plain one: its geometry is in rules.ts, for the screen and the PDF alike. */
  style?: 'wave' | 'dot-dash';
}

export interface ImageBox {
  assetId: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A box drawn on the page: an ad's or a placeholder's outline, the 报眼 frame. */
export interface FrameBox {
  x: number;
  y: number;
  width: number;
  height: number;
  weightPt: number;
  dashed?: boolean;
  /** Grey fill in percent of black (for ad placeholders), none when absent. */
  tint?: number;
}

export interface ComposedBlock {
  placementId: string;
  lines: ComposedLine[];
  images: ImageBox[];
  frames: FrameBox[];
  rules?: RuleLine[];
  /**
   * The paper's name as artwork (the masthead's), in a box that keeps the image's proportions;
   * whoever draws the page draws `fallback` (the name as set type) instead when the file is
   * missing or will not draw.
   */
  artwork?: ArtworkBox;
}

export interface ArtworkBox {
  assetId: string;
  x: number;
  y: number;
  width: number;
  height: number;
  fallback: ComposedLine[];
}

export interface ComposedPage {
  pageId: string;
  index: number;
  templateId: string;
  widthMm: number;
  heightMm: number;
  bleedMm: number;
  /** The folio, the masthead area, rules between stories: everything outside the blocks. */
  furniture: ComposedBlock;
  rules: RuleLine[];
  blocks: ComposedBlock[];
  /** Outline entries: the page heading and each story's headline. */
  outline: { title: string; headlines: string[] };
}
