import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fontkit from 'fontkit';
import type { Face, FaceRequest, FontSet } from '../../shared/compose/types';
import { projectRoot } from '../store/paths';

/**
 * The faces the composer and the print PDF use, read with fontkit from font files: the app's
 * own `resources/fonts/` first (where a rare-character face for CJK Ext B–H may be shipped),
 * then the user's and the system's font folders (Debian's fonts-noto-cjk and fonts-noto-core),
 * then fontconfig's answer. Faces are opened once per process.
 */

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = [projectRoot(here, 2)].find((dir) => existsSync(join(dir, 'resources'))) ?? process.cwd();

export const fontDirectories = (): string[] =>
  [
    process.env.MASTHEAD_FONTS,
    join(ROOT, 'resources', 'fonts'),
    join(homedir(), '.local', 'share', 'fonts'),
    join(homedir(), '.fonts'),
    '/usr/local/share/fonts',
    '/usr/share/fonts',
    '/Library/Fonts',
    '/System/Library/Fonts',
    process.env.WINDIR ? join(process.env.WINDIR, 'Fonts') : undefined,
  ].filter((d): d is string => Boolean(d) && existsSync(d!));

const FONT_FILE = /\.(ttf|otf|ttc|otc)$/i;

let fileList: string[] | null = null;

function fontFiles(): string[] {
  if (fileList) return fileList;
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of entries) {
      const path = join(dir, name);
      if (FONT_FILE.test(name)) out.push(path);
      else if (depth < 4 && !name.includes('.')) {
        try {
          if (statSync(path).isDirectory()) walk(path, depth + 1);
        } catch {
          // unreadable: skip
        }
      }
    }
  };
  for (const dir of fontDirectories()) walk(dir, 0);
  fileList = out;
  return out;
}

const compact = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const STYLE_SUFFIX =
  /(regular|bolditalic|bold|italic|medium|light|black|semibold|thin|extralight|extrabold|heavy|book|roman)+$/;

export interface FaceSource {
  path: string;
  /** The face in a collection (.ttc); undefined for a single-face file. */
  postscriptName: string | undefined;
}

class FontkitFace implements Face {
  private readonly widths = new Map<string, number>();
  private readonly inks = new Map<number, { left: number; right: number }>();
  private readonly upm: number;
  pdfFont: fontkit.Font | undefined;

  constructor(
    readonly key: string,
    readonly font: fontkit.Font,
    readonly source: FaceSource,
  ) {
    this.upm = font.unitsPerEm;
  }

  /** Per code point in the BMP: 0 unknown, 1 has a glyph, 2 has none (the cmap lookup is slow). */
  private readonly bmp = new Uint8Array(0x10000);

  has(codePoint: number): boolean {
    if (codePoint > 0xffff) return this.font.hasGlyphForCodePoint(codePoint);
    let known = this.bmp[codePoint]!;
    if (!known) known = this.bmp[codePoint] = this.font.hasGlyphForCodePoint(codePoint) ? 1 : 2;
    return known === 1;
  }

  measure(text: string): number {
    let width = this.widths.get(text);
    if (width !== undefined) return width;
    const cp = text.codePointAt(0)!;
    if (text.length === (cp > 0xffff ? 2 : 1)) width = this.font.glyphForCodePoint(cp).advanceWidth / this.upm;
    // Chinese is set glyph by glyph at the cmap's advances (as the PDF writer sets it); only
    // Latin goes through the shaper for kerning and ligatures.
    else if (!/[\u0020-\u02ff]/.test(text)) {
      width = 0;
      for (const ch of text) width += this.measure(ch);
    } else width = this.font.layout(text).advanceWidth / this.upm;
    if (this.widths.size > 100_000) this.widths.clear();
    this.widths.set(text, width);
    return width;
  }

  ink(codePoint: number): { left: number; right: number } {
    let ink = this.inks.get(codePoint);
    if (!ink) {
      const box = this.font.glyphForCodePoint(codePoint).bbox;
      ink = { left: box.minX / this.upm, right: box.maxX / this.upm };
      this.inks.set(codePoint, ink);
    }
    return ink;
  }
}

const opened = new Map<string, fontkit.Font | fontkit.FontCollection>();

function openFile(path: string): fontkit.Font | fontkit.FontCollection | null {
  if (!opened.has(path)) {
    try {
      opened.set(path, fontkit.create(readFileSync(path)));
    } catch {
      return null;
    }
  }
  return opened.get(path)!;
}

const fontsIn = (file: fontkit.Font | fontkit.FontCollection): fontkit.Font[] =>
  'fonts' in file ? file.fonts : [file];

function styleOf(font: fontkit.Font): { bold: boolean; italic: boolean } {
  const sub = font.subfamilyName.toLowerCase();
  return { bold: /bold|black|heavy/.test(sub), italic: /italic|oblique/.test(sub) };
}

/** A face of a family in the font folders: by file name first, then by the font's own names. */
function findFace(request: FaceRequest): { font: fontkit.Font; path: string } | null {
  const family = compact(request.family);
  const wantBold = Boolean(request.bold);
  const wantItalic = Boolean(request.italic);
  const candidates = fontFiles()
    .map((path) => ({ path, stem: compact(basename(path, extname(path))).replace(STYLE_SUFFIX, '') }))
    .filter(({ stem }) => stem.length >= 4 && family.startsWith(stem))
    .sort((a, b) => b.stem.length - a.stem.length);
  let fallback: { font: fontkit.Font; path: string } | null = null;
  for (const { path } of candidates) {
    const file = openFile(path);
    if (!file) continue;
    for (const font of fontsIn(file)) {
      if (compact(font.familyName) !== family && compact(font.postscriptName).replace(STYLE_SUFFIX, '') !== family)
        continue;
      const style = styleOf(font);
      if (style.bold === wantBold && style.italic === wantItalic) return { font, path };
      if (!fallback && style.italic === wantItalic && !style.bold) fallback = { font, path };
    }
  }
  if (fallback) return fallback;
  // fontconfig knows faces by family even where their files are named otherwise.
  try {
    const pattern = `${request.family}:${wantBold ? 'bold' : 'regular'}${wantItalic ? ':italic' : ''}`;
    const answer = execFileSync('fc-match', ['-f', '%{file}\n%{postscriptname}', pattern], { encoding: 'utf8' });
    const [path, ps] = answer.split('\n');
    if (path && existsSync(path)) {
      const file = openFile(path);
      const font = file && (fontsIn(file).find((f) => f.postscriptName === ps) ?? fontsIn(file)[0]);
      if (font) return { font, path };
    }
  } catch {
    // no fontconfig: nothing more to try
  }
  return null;
}

/** Rare characters (CJK Ext B–H): the app's fonts folder first, then HanaMin and BabelStone Han. */
function fallbackFaces(): { font: fontkit.Font; path: string }[] {
  const files = fontFiles();
  const own = join(ROOT, 'resources', 'fonts');
  const ordered = [
    ...files.filter((f) => f.startsWith(own)),
    ...files.filter((f) => /hanamin[ab]|babelstonehan|notoserifcjk.*regular/i.test(basename(f))),
  ];
  const faces: { font: fontkit.Font; path: string }[] = [];
  for (const path of ordered) {
    const file = openFile(path);
    if (!file) continue;
    const fonts = fontsIn(file);
    const font = fonts.find((f) => /sc|SC/.test(f.postscriptName)) ?? fonts[0];
    if (font) faces.push({ font, path });
  }
  return faces;
}

const inCollection = ({ font, path }: { font: fontkit.Font; path: string }): string | undefined => {
  const file = openFile(path);
  return file && 'fonts' in file ? font.postscriptName : undefined;
};

export class SystemFontSet implements FontSet {
  private readonly faces = new Map<string, FontkitFace>();
  private readonly byKey = new Map<string, FontkitFace>();
  private fallbacks: FontkitFace[] | null = null;
  private readonly fallbackFor = new Map<number, Face | null>();

  face(request: FaceRequest): FontkitFace {
    const key = `${request.family}${request.bold ? ' Bold' : ''}${request.italic ? ' Italic' : ''}`;
    let face = this.faces.get(key);
    if (face) return face;
    const found =
      findFace(request) ??
      findFace({
        ...request,
        family: /CJK|[\u4e00-\u9fff]/.test(request.family) ? 'Noto Serif CJK SC' : 'Noto Serif',
      }) ??
      findFace({ family: 'DejaVu Serif', bold: request.bold });
    if (!found) throw new Error(`No font found for ${key}: install fonts-noto-cjk and fonts-noto-core`);
    face = new FontkitFace(key, found.font, { path: found.path, postscriptName: inCollection(found) });
    this.faces.set(key, face);
    this.byKey.set(key, face);
    return face;
  }

  fallback(codePoint: number): Face | null {
    if (this.fallbackFor.has(codePoint)) return this.fallbackFor.get(codePoint)!;
    this.fallbacks ??= fallbackFaces().map(
      ({ font, path }) =>
        new FontkitFace(`fallback:${font.postscriptName}`, font, { path, postscriptName: font.postscriptName }),
    );
    const face = this.fallbacks.find((f) => f.has(codePoint)) ?? null;
    if (face) this.byKey.set(face.key, face);
    this.fallbackFor.set(codePoint, face);
    return face;
  }

  /** The file and font behind a face key (for the PDF writer to embed). */
  source(key: string): FaceSource {
    return this.known(key).source;
  }

  /**
   * The parsed font behind a face key, for the PDF writer to embed without parsing the file
   * again. Runs of Chinese are laid out glyph by glyph from the cmap (what the composer
   * measured): the shaper's pass over a CJK face's large GSUB would cost milliseconds a line.
   */
  fontOf(key: string): fontkit.Font {
    const face = this.known(key);
    face.pdfFont ??= new Proxy(face.font, {
      get(target, property, receiver) {
        if (property !== 'layout') return Reflect.get(target, property, receiver) as unknown;
        return (text: string, features?: string[]) => {
          if (/[\u0020-\u02ff]/.test(text)) return target.layout(text, features);
          const glyphs = Array.from(text, (ch) => target.glyphForCodePoint(ch.codePointAt(0)!));
          const positions = glyphs.map((g) => ({ xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 }));
          return { glyphs, positions, advanceWidth: positions.reduce((sum, p) => sum + p.xAdvance, 0) };
        };
      },
    });
    return face.pdfFont;
  }

  private known(key: string): FontkitFace {
    const face = this.byKey.get(key);
    if (!face) throw new Error(`Unknown face ${key}`);
    return face;
  }

  /** The raw font bytes of a face's file, read once. */
  fileBytes(path: string): Buffer {
    let bytes = fileBytesCache.get(path);
    if (!bytes) {
      bytes = readFileSync(path);
      fileBytesCache.set(path, bytes);
    }
    return bytes;
  }
}

const fileBytesCache = new Map<string, Buffer>();

let shared: SystemFontSet | null = null;
/** One font set per process: fonts are large and read once. */
export const systemFonts = (): SystemFontSet => (shared ??= new SystemFontSet());
