import type { TFunction } from 'i18next';
import type { RevisionMeta, StoryLanguage } from '../../../../shared/model';
import type { UiLocale } from '../../i18n';
import { formatDateTime } from '../../ui/format';
import { storyLength } from '../library/story-length';

const timeFormatters = new Map<UiLocale, Intl.DateTimeFormat>();

const timeOnly = (date: Date, locale: UiLocale): string => {
  let format = timeFormatters.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
    timeFormatters.set(locale, format);
  }
  return format.format(date);
};

const sameDay = (a: Date, b: Date): boolean => a.toDateString() === b.toDateString();

/**
 * When a snapshot was written: its save time, or for a session of several saves the span
 * from first to last ("Jul 22, 2026, 10:02 AM – 10:40 AM"), in the interface language. Built
 * from the one date-time format of the app (formatDateTime) and its time alone: ICU's
 * formatRange writes Chinese dates another way (2026/12/6 against 2026年12月6日).
 */
export function formatSessionTime(
  meta: Pick<RevisionMeta, 'startedAt' | 'savedAt' | 'saves'>,
  locale: UiLocale,
): string {
  const start = new Date(meta.startedAt);
  const end = new Date(meta.savedAt);
  if (meta.saves < 2 || Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || start >= end) {
    return formatDateTime(meta.savedAt, locale);
  }
  const until = sameDay(start, end) ? timeOnly(end, locale) : formatDateTime(meta.savedAt, locale);
  return `${formatDateTime(meta.startedAt, locale)} – ${until}`;
}

/** "10:02–10:40 · 12 saves": the time, with the number of saves when the session had several. */
export function sessionLabel(t: TFunction, meta: RevisionMeta, locale: UiLocale): string {
  const time = formatSessionTime(meta, locale);
  return meta.saves > 1 ? `${time} · ${t('history.saves', { count: meta.saves })}` : time;
}

export function kindLabel(
  t: TFunction,
  meta: Pick<RevisionMeta, 'kind' | 'restoredFrom' | 'name' | 'statusChanged'>,
): string {
  switch (meta.kind) {
    case 'checkpoint':
      return meta.name ? `${t('history.kindCheckpoint')} “${meta.name}”` : t('history.kindCheckpoint');
    case 'restore':
      return meta.restoredFrom === null
        ? t('history.kindRestoreUnknown')
        : t('history.kindRestore', { snapshot: meta.restoredFrom });
    case 'create':
      return t('history.kindCreate');
    case 'import':
      return t('history.kindImport');
    default:
      return meta.statusChanged ? t('history.kindStatus') : t('history.kindEdit');
  }
}

export const authorLabel = (t: TFunction, author: string): string => author.trim() || t('history.unknownAuthor');

/** In 字 for a Chinese story, in words for an English one. */
export const revisionLength = (t: TFunction, meta: RevisionMeta, language: StoryLanguage): string =>
  storyLength(t, { language, charCount: meta.charCount, wordCount: meta.wordCount });
