import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RARE_HAN_FAMILY } from '../../shared/text/rare-han-coverage';
import { projectRoot } from '../store/paths';

/**
 * The bundled rare-character face (resources/fonts/rare-han: 27 WOFF2 slices of CJK
 * Extensions B–H, ~0.6 MB each) for the EPUB and HTML exports. A reader's device rarely has
 * these characters, so an export carries the slices its text uses — and only those: an edition
 * with one 𠀀 gains one slice, one without rare characters gains nothing.
 */

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = [projectRoot(here, 2)].find((dir) => existsSync(join(dir, 'resources'))) ?? process.cwd();
const SLICE_DIR = join(ROOT, 'resources', 'fonts', 'rare-han');

export { RARE_HAN_FAMILY };

interface SliceEntry {
  file: string;
  ranges: [number, number][];
}

export interface RareHanSlice extends SliceEntry {
  /** The WOFF2 file on disk. */
  path: string;
}

let sliceList: Promise<SliceEntry[]> | null = null;
const slicesOnDisk = (): Promise<SliceEntry[]> =>
  (sliceList ??= readFile(join(SLICE_DIR, 'slices.json'), 'utf8').then(
    (json) => (JSON.parse(json) as { slices: SliceEntry[] }).slices,
  ));

/** Characters of the supplementary ideographic planes (Extensions B–H live in planes 2 and 3). */
const SUPPLEMENTARY_HAN = /[\u{20000}-\u{3FFFF}]/gu;

/** The code points of the texts that a rare-character slice could draw. */
export function rareCodePoints(texts: Iterable<string>): Set<number> {
  const found = new Set<number>();
  for (const text of texts) {
    for (const [char] of text.matchAll(SUPPLEMENTARY_HAN)) found.add(char.codePointAt(0)!);
  }
  return found;
}

/** The slices whose ranges hold at least one of these code points, in file order. */
export async function rareHanSlicesFor(codePoints: ReadonlySet<number>): Promise<RareHanSlice[]> {
  if (codePoints.size === 0) return [];
  const used = [...codePoints];
  return (await slicesOnDisk())
    .filter((slice) => slice.ranges.some(([first, last]) => used.some((cp) => cp >= first && cp <= last)))
    .map((slice) => ({ ...slice, path: join(SLICE_DIR, slice.file) }));
}

/** The face's licence texts, which go with any copy of its slices (the Arphic licence requires it). */
export const RARE_HAN_LICENCES: readonly { file: string; path: string }[] = [
  'LICENSE.md',
  'ARPHIC-PUBLIC-LICENSE.txt',
].map((file) => ({ file, path: join(SLICE_DIR, file) }));

export interface RareHanLicence {
  file: string;
  path: string;
}

/**
 * The faces the slices are cut from, by the plane they draw (LICENSE.md beside them says so):
 * Extensions B–F (plane 2) from HanaMinB, whose Hanazono licence is quoted in LICENSE.md;
 * Extensions G and H (plane 3) from BabelStone Han, under the Arphic Public License, whose
 * full text must go with every copy.
 */
const SOURCES: readonly { first: number; last: number; licences: readonly string[] }[] = [
  { first: 0x20000, last: 0x2ffff, licences: ['LICENSE.md'] },
  { first: 0x30000, last: 0x3ffff, licences: ['LICENSE.md', 'ARPHIC-PUBLIC-LICENSE.txt'] },
];

/** The licence texts that must travel with these slices: each slice's face's, once each. */
export function rareHanLicencesFor(slices: readonly SliceEntry[]): RareHanLicence[] {
  const files = new Set<string>();
  for (const slice of slices) {
    const [first] = slice.ranges[0] ?? [];
    const source = SOURCES.find((s) => first !== undefined && first >= s.first && first <= s.last);
    // A slice of an unknown plane carries every licence rather than none.
    for (const file of source?.licences ?? RARE_HAN_LICENCES.map((l) => l.file)) files.add(file);
  }
  return RARE_HAN_LICENCES.filter((licence) => files.has(licence.file));
}

const hex = (cp: number) => cp.toString(16).toUpperCase();

/**
 * @font-face rules for the slices, each at `${folder}/${file}` relative to the stylesheet, with
 * its unicode-range so a reader fetches a slice only for a character it draws.
 */
export function rareHanFontFaces(slices: readonly RareHanSlice[], folder: string): string {
  return slices
    .map(
      (slice) => `@font-face {
  font-family: "${RARE_HAN_FAMILY}";
  src: url("${folder}/${slice.file}") format("woff2");
  font-display: swap;
  unicode-range: ${slice.ranges.map(([a, b]) => (a === b ? `U+${hex(a)}` : `U+${hex(a)}-${hex(b)}`)).join(', ')};
}
`,
    )
    .join('');
}
