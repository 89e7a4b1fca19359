import type { Face, FaceRequest, FontSet } from '../../../../shared/compose/types';

/**
 * The composer's faces on screen: advances and ink measured by the browser's canvas with the
 * same installed fonts (Noto CJK, Noto Serif) the print PDF embeds, so the screen breaks lines
 * where print does. Where no canvas exists (a test DOM), a rough measure stands in.
 */

const SIZE = 100;

class CanvasFace implements Face {
  private readonly widths = new Map<string, number>();
  private readonly inks = new Map<number, { left: number; right: number }>();

  constructor(
    readonly key: string,
    private readonly font: string,
    private readonly context: CanvasRenderingContext2D | null,
  ) {}

  has(): boolean {
    return true;
  }

  measure(text: string): number {
    let width = this.widths.get(text);
    if (width !== undefined) return width;
    if (this.context) {
      this.context.font = this.font;
      // Canvas widths come back as 99.9999 px for a 100 px em: rounded to font units (1/1000 em).
      width = Math.round((this.context.measureText(text).width / SIZE) * 1000) / 1000;
    } else width = Array.from(text).reduce((sum, ch) => sum + (ch.codePointAt(0)! > 0x2e80 ? 1 : 0.5), 0);
    this.widths.set(text, width);
    return width;
  }

  ink(codePoint: number): { left: number; right: number } {
    let ink = this.inks.get(codePoint);
    if (!ink) {
      if (this.context) {
        this.context.font = this.font;
        const m = this.context.measureText(String.fromCodePoint(codePoint));
        ink = { left: -m.actualBoundingBoxLeft / SIZE, right: m.actualBoundingBoxRight / SIZE };
      } else ink = { left: 0.1, right: 0.4 };
      this.inks.set(codePoint, ink);
    }
    return ink;
  }
}

function canvasContext(doc: Document): CanvasRenderingContext2D | null {
  try {
    return doc.createElement('canvas').getContext('2d');
  } catch {
    return null;
  }
}

export class CanvasFontSet implements FontSet {
  private readonly faces = new Map<string, CanvasFace>();
  private readonly context: CanvasRenderingContext2D | null;

  constructor(doc: Document) {
    this.context = canvasContext(doc);
  }

  face(request: FaceRequest): Face {
    // The same keys as the PDF writer's font set, so runs name the same faces.
    const key = `${request.family}${request.bold ? ' Bold' : ''}${request.italic ? ' Italic' : ''}`;
    let face = this.faces.get(key);
    if (!face) {
      const css = `${request.italic ? 'italic ' : ''}${request.bold ? 700 : 400} ${SIZE}px "${request.family}"`;
      face = new CanvasFace(key, css, this.context);
      this.faces.set(key, face);
    }
    return face;
  }

  fallback(): Face | null {
    return null;
  }
}
