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

/** What Intl.NumberFormat reads of its options: a `{{x, number(...)}}` giving any of them gets a formatter of its own. */
const NUMBER_FORMAT_OPTIONS = [
  'localeMatcher',
  'numberingSystem',
  'style',
  'currency',
  'currencyDisplay',
  'currencySign',
  'unit',
  'unitDisplay',
  'notation',
  'compactDisplay',
  'useGrouping',
  'signDisplay',
  'minimumIntegerDigits',
  'minimumFractionDigits',
  'maximumFractionDigits',
  'minimumSignificantDigits',
  'maximumSignificantDigits',
  'roundingMode',
  'roundingPriority',
  'roundingIncrement',
  'trailingZeroDisplay',
];
const numberFormats = new Map<string, Intl.NumberFormat>();

/**
 * `{{count, number}}`, as i18next's own formatter writes it, with one Intl.NumberFormat per
 * language. i18next caches its formatters by language and every option of the t() call, the
 * number itself included, so each new count made a new formatter: about half a millisecond
 * each, 60 rows of lengths in the library's first screen.
 */
function formatNumber(value: unknown, lng: string | undefined, options: Record<string, unknown> = {}): string {
  if (NUMBER_FORMAT_OPTIONS.some((name) => options[name] !== undefined)) {
    return new Intl.NumberFormat(lng?.replace('_', '-'), options).format(value as number);
  }
  // As i18next cleans a language code before it formats.
  const key = lng?.replace('_', '-') ?? '';
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(key || undefined);
    numberFormats.set(key, format);
  }
  return format.format(value as number);
}
i18n.services.formatter?.add('number', formatNumber);

export function applyUiLanguage(locale: UiLocale): void {
  if (i18n.language !== locale) void i18n.changeLanguage(locale);
  document.documentElement.lang = locale;
}

export default i18n;

export function toUiLocale(language: string | undefined): UiLocale {
  return language === 'zh-CN' ? 'zh-CN' : 'en';
}
