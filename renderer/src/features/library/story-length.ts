import type { TFunction } from 'i18next';
import type { StorySummary } from '../../../../shared/model';

/** A Chinese story is measured in 字, an English one in words: the unit the desk assigns. */
export const storyLength = (t: TFunction, story: Pick<StorySummary, 'language' | 'charCount' | 'wordCount'>): string =>
  story.language === 'zh-Hans'
    ? t('units.chars', { count: story.charCount })
    : t('units.words', { count: story.wordCount });
