import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoryLanguage, TargetLength } from '../../../../../shared/model';
import type { StoryCounts, TextCounts } from '../../../../../shared/text/count';
import { measureAgainstTarget } from './length-target';
import { unitLabel } from './length-units';
import type { LiveCounts } from './use-story-measures';

interface BodyCountProps {
  counts: StoryCounts;
  selection: TextCounts | null;
  /** Where the counts come from as the story is typed: only this panel re-renders for them. */
  live?: LiveCounts;
  language: StoryLanguage;
  target: TargetLength | null;
}

const noSubscription = () => () => undefined;
const noCounts = () => null;

/** Chinese copy is measured in characters (字) with punctuation shown apart; English in words. */
export function BodyCount({ live, language, target, ...given }: BodyCountProps) {
  const { t } = useTranslation();
  const latest = useSyncExternalStore(live?.subscribe ?? noSubscription, live?.get ?? noCounts);
  const { counts, selection } = latest ?? given;
  return (
    <div className="body-count">
      <span className="body-count__label">{t('story.count')}</span>
      {language === 'zh-Hans' ? (
        <>
          <span className="body-count__main">
            {t('story.countZh', { characters: counts.characters, punctuation: counts.punctuation })}
          </span>
          <span className="body-count__extra">{t('story.countZhHan', { han: counts.han })}</span>
        </>
      ) : (
        <>
          <span className="body-count__main">{t('story.countEn', { count: counts.words })}</span>
          <span className="body-count__extra">{t('story.countEnChars', { characters: counts.characters })}</span>
        </>
      )}
      <span className="body-count__extra">
        {t('story.paragraphs', { count: counts.paragraphs })} ·{' '}
        {t('story.readingTime', { minutes: counts.readingMinutes })}
      </span>
      {target && <TargetProgress counts={counts} target={target} language={language} />}
      {selection && (
        <span className="body-count__selection">
          {language === 'zh-Hans'
            ? t('story.selectionZh', {
                characters: selection.characters,
                punctuation: selection.punctuation,
                han: selection.han,
              })
            : t('story.selectionEn', { words: selection.words, characters: selection.characters })}
        </span>
      )}
    </div>
  );
}

function TargetProgress({
  counts,
  target,
  language,
}: {
  counts: TextCounts;
  target: TargetLength;
  language: StoryLanguage;
}) {
  const { t } = useTranslation();
  const progress = measureAgainstTarget(counts, target);
  // Not "unit": i18next hands the options to Intl.NumberFormat, where "unit" means something else.
  const values = { value: progress.value, target: progress.target, measure: unitLabel(t, progress.unit, language) };
  const text =
    progress.over > 0
      ? t('story.targetOver', { ...values, over: progress.over })
      : progress.remaining > 0
        ? t('story.targetToGo', { ...values, remaining: progress.remaining })
        : t('story.targetReached', values);
  const state = progress.over > 0 ? 'over' : progress.remaining > 0 ? 'under' : 'reached';
  return (
    <div className={`length-progress length-progress--${state}`}>
      <div className="length-progress__track" aria-hidden="true">
        {/* A React style prop is set through the CSSOM, which the CSP allows. */}
        <div className="length-progress__fill" style={{ width: `${Math.min(100, progress.ratio * 100)}%` }} />
      </div>
      <span className="length-progress__text">{text}</span>
    </div>
  );
}
