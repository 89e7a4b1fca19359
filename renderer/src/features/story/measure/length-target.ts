import type { StoryLanguage, TargetLength } from '../../../../../shared/model';
import type { TextCounts } from '../../../../../shared/text/count';

export type LengthUnit = TargetLength['unit'];

/** The desk asks Chinese copy in characters (字) and English copy in words. */
export const defaultLengthUnit = (language: StoryLanguage): LengthUnit => (language === 'zh-Hans' ? 'chars' : 'words');

export interface LengthProgress {
  value: number;
  target: number;
  unit: LengthUnit;
  /** Still to write; 0 once the target is reached. */
  remaining: number;
  /** Written beyond the target; 0 until it is passed. */
  over: number;
  /** value / target, for the bar (may pass 1). */
  ratio: number;
}

/** Characters count punctuation too: that is what a Chinese desk's 字数 means. */
export function measureAgainstTarget(counts: TextCounts, target: TargetLength): LengthProgress {
  const value = target.unit === 'chars' ? counts.characters : counts.words;
  return {
    value,
    target: target.value,
    unit: target.unit,
    remaining: Math.max(0, target.value - value),
    over: Math.max(0, value - target.value),
    ratio: target.value > 0 ? value / target.value : 0,
  };
}
