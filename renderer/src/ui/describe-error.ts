import type { TFunction } from 'i18next';
import { type ErrorCode, isErrorCode } from '../../../shared/ipc/channels';

export interface ErrorDescription {
  /** What happened, in the interface language, from the error's code. */
  summary: string;
  /** The host's own words, untranslated but often the most precise part. */
  details: string | null;
  code: ErrorCode | null;
}

/** The code of a MastheadError, duck-typed so errors from either transport qualify. */
export function errorCode(error: unknown): ErrorCode | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  return isErrorCode(error.code) ? error.code : null;
}

export const isConflict = (error: unknown): boolean => errorCode(error) === 'conflict';

export function describeError(t: TFunction, error: unknown): ErrorDescription {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return {
    summary: code ? t(`errors.${code}`) : t('errors.unknown'),
    details: message.trim() ? t('errors.details', { message }) : null,
    code,
  };
}
