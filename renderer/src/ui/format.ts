import type { UiLocale } from '../i18n';

const formatters = new Map<UiLocale, Intl.DateTimeFormat>();

/** Last-change times in the interface language; formatters are costly, so one per locale. */
export function formatDateTime(iso: string, locale: UiLocale): string {
  let format = formatters.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    formatters.set(locale, format);
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : format.format(date);
}
