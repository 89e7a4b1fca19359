import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoryProofCounts } from '../../../../shared/layout/preflight';
import type { Story } from '../../../../shared/model/story';
import type { EditionProofing } from '../../../../shared/proofing/schema';
import { api } from '../../api/client';
import './proofing.css';

/**
 * The edition's proofing, from the host (the house lists, the edition's date): fetched when
 * the flatplan's stories change, and given to preflight as counts per story.
 */
export function useEditionProofing(
  editionId: string,
  stories: ReadonlyMap<string, Story>,
): { proofing: EditionProofing | null; counts: ReadonlyMap<string, StoryProofCounts> | undefined } {
  const [proofing, setProofing] = useState<EditionProofing | null>(null);
  useEffect(() => {
    let live = true;
    // After the layout settles: the flatplan replaces its story map as pages are edited.
    const timer = setTimeout(() => {
      api.getEditionProofing({ editionId }).then(
        (result) => live && setProofing(result),
        () => live && setProofing(null),
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [editionId, stories]);
  const counts = useMemo(
    () => (proofing ? new Map(proofing.stories.map((s) => [s.id, s.summary])) : undefined),
    [proofing],
  );
  return { proofing, counts };
}

/** Counts for the edition and each story: findings by kind and the error rate per 10,000 characters. */
export function EditionProofingSummary({ proofing }: { proofing: EditionProofing | null }) {
  const { t } = useTranslation();
  const titleId = useId();
  const [expanded, setExpanded] = useState(false);
  if (!proofing) return null;
  const { summary } = proofing;
  return (
    <section className="proofing proofing--edition" aria-labelledby={titleId}>
      <div className="proofing__head">
        <h3 id={titleId} className="proofing__title">
          {t('proofing.editionTitle')}
        </h3>
        <button
          type="button"
          className="button button--quiet"
          aria-expanded={expanded}
          onClick={() => setExpanded((e) => !e)}
        >
          {expanded ? t('proofing.hideList') : t('proofing.showList')}
        </button>
      </div>
      <p className="proofing__summary" role="status">
        {t('proofing.editionSummary', {
          findings: summary.findings,
          stories: proofing.stories.length,
          rate: summary.errorRate,
          blocking: summary.blocking,
        })}
      </p>
      {expanded && (
        <ul className="proofing__list">
          {proofing.stories.map((s) => (
            <li key={s.id} className="proofing__story">
              <strong>{s.headline || t('library.untitled')}</strong>{' '}
              <span className="proofing__where">
                {t('proofing.summary', {
                  count: s.summary.findings,
                  typo: s.summary.typo,
                  style: s.summary.style,
                  sensitive: s.summary.sensitive,
                  rate: s.summary.errorRate,
                })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
