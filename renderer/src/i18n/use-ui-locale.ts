import { useTranslation } from 'react-i18next';
import { type UiLocale, toUiLocale } from './index';

/** The interface language now in effect, for Intl formatting. */
export function useUiLocale(): UiLocale {
  const { i18n } = useTranslation();
  return toUiLocale(i18n.resolvedLanguage ?? i18n.language);
}
