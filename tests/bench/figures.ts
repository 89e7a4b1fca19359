/** One figure of `npm run bench`: always measured against a baseline in the same run. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: string;
  baselineValue: number;
}

export interface BenchOptions {
  /** Stories in the generated library for storage figures. */
  stories: number;
  /** Saves to time. */
  saves: number;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};

export const round = (x: number, digits = 2): number => Number(x.toFixed(digits));
