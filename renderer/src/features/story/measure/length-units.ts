import type { TFunction } from 'i18next';
import type { StoryLanguage } from '../../../../../shared/model';
import type { LengthUnit } from './length-target';

/** 字 for Chinese copy in the Chinese interface, "characters" in the English one (one language per screen). */
export function unitLabel(t: TFunction, unit: LengthUnit, language: StoryLanguage): string {
  if (unit === 'words') return t('lengthUnit.words');
  return language === 'zh-Hans' ? t('lengthUnit.zi') : t('lengthUnit.chars');
}
