import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Settings } from '../../../shared/model';
import en from './en.json';
import zhCN from './zh-CN.json';

export const resources = {
  en: { translation: en },
  'zh-CN': { translation: zhCN },
} as const;

export type UiLocale = keyof typeof resources;

/**
 * 'system' follows the host's language: any Chinese locale gets the Chinese interface. The
 * host may report a BCP 47 tag (zh-Hans-CN) or a POSIX locale (zh_CN.UTF-8).
 */
export function resolveUiLanguage(setting: Settings['uiLanguage'], systemLanguage: string): UiLocale {
  if (setting !== 'system') return setting;
  return /^zh(?:[-_.@]|$)/i.test(systemLanguage.trim()) ? 'zh-CN' : 'en';
}

/**
 * Initialised synchronously (resources are bundled) so the first render already speaks the
 * right language; until the settings arrive the browser's language is the best guess.
 */
void i18n.use(initReactI18next).init({
  resources,
  lng: resolveUiLanguage('system', typeof navigator === 'undefined' ? 'en' : navigator.language),
  fallbackLng: 'en',
  supportedLngs: ['en', 'zh-CN'],
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function applyUiLanguage(locale: UiLocale): void {
  if (i18n.language !== locale) void i18n.changeLanguage(locale);
  document.documentElement.lang = locale;
}

export default i18n;

export function toUiLocale(language: string | undefined): UiLocale {
  return language === 'zh-CN' ? 'zh-CN' : 'en';
}
