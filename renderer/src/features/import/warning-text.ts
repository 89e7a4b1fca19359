import type { TFunction } from 'i18next';
import type { ImportWarning } from '../../../../shared/import/types';

/** A parser warning in the interface language, by its code; the host's English wording is the fallback. */
export const warningText = (t: TFunction, warning: ImportWarning): string =>
  t(`importWarnings.${warning.code}`, { ...warning.params, defaultValue: warning.message });
