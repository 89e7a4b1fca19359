import type { TFunction } from 'i18next';
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type PreflightProblem, preflight } from '../../../../shared/layout/preflight';
import type { EditionLayout } from '../../../../shared/layout/types';
import type { Edition } from '../../../../shared/model/edition';
import { type Story, StoryStatus } from '../../../../shared/model/story';
import { EditionProofingSummary, useEditionProofing } from '../proofing/edition-proofing';

interface PreflightPanelProps {
  edition: Edition;
  stories: ReadonlyMap<string, Story>;
  layout: EditionLayout;
  /** Opens the page of a problem, with its block selected. */
  onOpen: (pageId: string, placementId: string | null) => void;
}

const STATUSES: ReadonlySet<string> = new Set(StoryStatus.options);

/** A problem in the interface language, from its code and figures. */
export function problemMessage(t: TFunction, p: PreflightProblem): string {
  const amount =
    p.amount === undefined
      ? ''
      : t(p.amountUnit === 'words' ? 'edition.fit.cutWords' : 'edition.fit.cutChars', { count: p.amount });
  return t(`edition.preflight.codes.${p.code}`, {
    count: p.lines ?? p.amount ?? 0,
    amount,
    detail:
      p.code === 'not-approved' && STATUSES.has(p.detail ?? '')
        ? t(`status.${p.detail as StoryStatus}`)
        : (p.detail ?? ''),
  });
}

/** The edition's preflight, live: every problem names its page and block and opens it. */
export function PreflightPanel({ edition, stories, layout, onOpen }: PreflightPanelProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const { proofing, counts } = useEditionProofing(edition.id, stories);
  const report = useMemo(() => preflight(edition, stories, layout, counts), [edition, stories, layout, counts]);
  return (
    <section className="preflight" aria-labelledby={titleId}>
      <h2 id={titleId} className="side-panel__title">
        {t('edition.preflight.title')}
      </h2>
      <EditionProofingSummary proofing={proofing} />
      {report.problems.length === 0 ? (
        <p className="preflight__ok" role="status">
          {t('edition.preflight.ok')}
        </p>
      ) : (
        <>
          <p className="preflight__summary" role="status">
            {t('edition.preflight.summary', { blocking: report.blocking, warnings: report.warnings })}
          </p>
          <ul className="preflight__list">
            {report.problems.map((p, i) => (
              <li key={`${p.code}:${p.pageId}:${p.placementId ?? ''}:${i}`}>
                <button
                  type="button"
                  className={`preflight__item preflight__item--${p.severity}`}
                  onClick={() => onOpen(p.pageId, p.placementId)}
                >
                  <span className="preflight__where">{t('edition.pageNumber', { number: p.pageNumber })}</span>
                  <span className="preflight__text">
                    <span className="visually-hidden">{t(`edition.preflight.${p.severity}`)}: </span>
                    {p.subject && <strong className="preflight__subject">{p.subject}</strong>}
                    {p.subject ? ' — ' : ''}
                    {problemMessage(t, p)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
