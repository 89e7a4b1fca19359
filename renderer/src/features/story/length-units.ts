import type { TFunction } from 'i18next';
import type { StoryLanguage } from '../../../../shared/model';
import type { LengthUnit } from './length-target';

/** 字 for Chinese copy in either interface language: it is the desk's word, not a translation. */
export function unitLabel(t: TFunction, unit: LengthUnit, language: StoryLanguage): string {
  if (unit === 'words') return t('lengthUnit.words');
  return language === 'zh-Hans' ? t('lengthUnit.zi') : t('lengthUnit.chars');
}
