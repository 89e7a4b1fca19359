/** svg-to-pdfkit ships no types: the call as print-artwork.ts uses it (see the package's README). */
declare module 'svg-to-pdfkit' {
  interface SvgToPdfOptions {
    width?: number;
    height?: number;
    preserveAspectRatio?: string;
    assumePt?: boolean;
    precision?: number;
    colorCallback?: (color: [number[], number] | undefined, raw?: string) => unknown;
    fontCallback?: (family: string, bold: boolean, italic: boolean, options: unknown) => string;
    imageCallback?: (link: string) => string;
    documentCallback?: (file: string) => unknown;
    warningCallback?: (warning: string) => void;
  }
  export default function SVGtoPDF(doc: object, svg: string, x?: number, y?: number, options?: SvgToPdfOptions): void;
}

/** png-js ships no types: the decoder as print-artwork.ts uses it. */
declare module 'png-js' {
  export default class PNG {
    constructor(data: Uint8Array);
    width: number;
    height: number;
    bits: number;
    /** RGBA, 8 bits a channel, palette and transparency applied. */
    decode(done: (pixels: Uint8Array) => void): void;
  }
}
