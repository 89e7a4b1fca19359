import type { TFunction } from 'i18next';
import type { BlockMeasure } from '../../../../shared/layout/types';

export type FitTone = 'ok' | 'over' | 'short' | 'none';

/** A story block's measured state in words: 正好 / 超 3 行（约删 39 字）/ 缺 2 行. */
export function fitLabel(t: TFunction, measure: BlockMeasure | undefined): { text: string; tone: FitTone } | null {
  if (!measure || measure.kind !== 'story') return null;
  switch (measure.fit) {
    case 'fits':
      // A block that hands its text on to the next page is full, not "fitting" on its own.
      return { text: measure.jumpTo ? t('edition.fit.continues') : t('edition.fit.fits'), tone: 'ok' };
    case 'over':
      return {
        text: t('edition.fit.over', {
          count: measure.overLines,
          cut: t(measure.amountUnit === 'words' ? 'edition.fit.cutWords' : 'edition.fit.cutChars', {
            count: measure.amount,
          }),
        }),
        tone: 'over',
      };
    case 'short':
      return { text: t('edition.fit.short', { count: measure.shortLines }), tone: 'short' };
    case 'empty':
      return { text: t('edition.fit.empty'), tone: 'none' };
    case 'missing':
      return { text: t('edition.fit.missing'), tone: 'over' };
  }
}
