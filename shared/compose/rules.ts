import type { RuleLine } from './types';

/**
 * How a rule between stories is drawn, as geometry in millimetres that the screen (SVG) and
 * the print PDF both follow, so a 花线 looks the same on both: a plain rule is one stroke; a
 * wavy 花线 is a run of cubic Bézier half-waves along the rule, ending exactly at both of its
 * ends; a dot-dash 花线 is a stroke with a dash pattern starting at the rule's start.
 */

export interface Point {
  x: number;
  y: number;
}

/** One cubic Bézier piece: from the end of the previous one (or `start`) through two control points. */
export interface Cubic {
  c1: Point;
  c2: Point;
  to: Point;
}

export interface RuleDrawing {
  start: Point;
  /** Cubic pieces to stroke from `start`; a straight line to `end` when empty. */
  curves: Cubic[];
  end: Point;
  /** Dash and gap lengths in mm, alternating, from the start; solid when absent. */
  dash?: number[];
}

/** A wave's length (crest to crest) and its height from the centre line, in mm. */
export const WAVE_LENGTH_MM = 3;
export const WAVE_AMPLITUDE_MM = 0.45;
/** Dash, gap, dot, gap (mm): the 点划线 newspapers set between stories. */
export const DOT_DASH_MM = [2.4, 0.9, 0.4, 0.9];

/** 4/3 of the amplitude puts a cubic's peak at the amplitude (the middle of a symmetric cubic reaches 3/4 of its handles). */
const HANDLE = 4 / 3;

export function ruleDrawing(rule: RuleLine): RuleDrawing {
  const start = { x: rule.x1, y: rule.y1 };
  const end = { x: rule.x2, y: rule.y2 };
  if (rule.style === 'dot-dash') return { start, end, curves: [], dash: DOT_DASH_MM };
  if (rule.style !== 'wave') return { start, end, curves: [] };
  const dx = rule.x2 - rule.x1;
  const dy = rule.y2 - rule.y1;
  const length = Math.hypot(dx, dy);
  const halves = Math.max(1, Math.round(length / (WAVE_LENGTH_MM / 2)));
  // Along the rule (ux, uy) and across it (nx, ny).
  const ux = length ? dx / length : 1;
  const uy = length ? dy / length : 0;
  const nx = -uy;
  const ny = ux;
  const step = length / halves;
  const at = (along: number, across: number): Point => ({
    x: rule.x1 + ux * along + nx * across,
    y: rule.y1 + uy * along + ny * across,
  });
  const curves: Cubic[] = [];
  for (let i = 0; i < halves; i++) {
    const from = i * step;
    const side = (i % 2 === 0 ? -1 : 1) * WAVE_AMPLITUDE_MM * HANDLE;
    curves.push({ c1: at(from + step / 3, side), c2: at(from + (2 * step) / 3, side), to: at(from + step, 0) });
  }
  return { start, end, curves };
}

const n = (v: number) => Number(v.toFixed(3));

/** The rule as an SVG element, in mm user units. */
export function ruleSvg(rule: RuleLine, strokeWidthMm: number): string {
  const drawing = ruleDrawing(rule);
  const stroke = `stroke="#111" stroke-width="${n(strokeWidthMm)}" fill="none"`;
  if (drawing.curves.length) {
    const d = [`M${n(drawing.start.x)} ${n(drawing.start.y)}`];
    for (const c of drawing.curves)
      d.push(`C${n(c.c1.x)} ${n(c.c1.y)} ${n(c.c2.x)} ${n(c.c2.y)} ${n(c.to.x)} ${n(c.to.y)}`);
    return `<path class="mh-rule mh-rule--wave" d="${d.join('')}" ${stroke}/>`;
  }
  const dash = drawing.dash
    ? ` stroke-dasharray="${drawing.dash.map(n).join(' ')}" class="mh-rule mh-rule--dot-dash"`
    : '';
  return `<line x1="${n(rule.x1)}" y1="${n(rule.y1)}" x2="${n(rule.x2)}" y2="${n(rule.y2)}" ${stroke}${dash}/>`;
}
