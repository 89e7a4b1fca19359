import { useTranslation } from 'react-i18next';
import type { FitBlock, PageTemplate, StoryLanguage } from '../../../../../shared/model';
import type { FitEstimate } from '../../../../../shared/copyfit/estimate';
import { unitLabel } from './length-units';
import { templateLabel } from './template-label';

interface CopyfitBarProps {
  estimate: FitEstimate | null;
  template: PageTemplate | null;
  block: FitBlock | null;
  language: StoryLanguage;
  /** Set when the figure is measured in the story's blocks on a page rather than estimated. */
  measuredOn?: { date: string; page: number } | null;
}

/**
 * Like InCopy's copyfit bar: whether the story fits the block the desk gave it, and by how
 * much it is over or short, in lines and in what to cut or add. Not role="status" (the save
 * indicator is the view's status); a named live region of its own.
 */
export function CopyfitBar({ estimate, template, block, language, measuredOn = null }: CopyfitBarProps) {
  const { t, i18n } = useTranslation();
  const state = estimate && template && block ? estimate.state : 'none';

  let verdict: string;
  if (!estimate || state === 'none') verdict = t('copyfit.noBlock');
  else if (state === 'fits') verdict = t('copyfit.fits');
  else {
    const amount = t(state === 'over' ? 'copyfit.cut' : 'copyfit.add', {
      amount: estimate.amount,
      // Not "unit": i18next passes the options to Intl.NumberFormat, which would reject it.
      measure: unitLabel(t, estimate.amountUnit, language),
    });
    const lines = t(state === 'over' ? 'copyfit.over' : 'copyfit.short', { count: Math.abs(estimate.delta) });
    verdict = `${lines} · ${amount}`;
  }

  return (
    <section className={`copyfit-bar copyfit-bar--${state}`} aria-label={t('copyfit.label')} aria-live="polite">
      <span className="copyfit-bar__light" aria-hidden="true" />
      <span className="copyfit-bar__verdict">{verdict}</span>
      {estimate && template && block && (
        <>
          <span className="copyfit-bar__figures">
            {t('copyfit.figures', { needed: estimate.neededLines, capacity: estimate.capacityLines })}
          </span>
          {measuredOn && (
            <span className="copyfit-bar__measured">
              {t('copyfit.measured', { page: measuredOn.page, date: measuredOn.date })}
            </span>
          )}
          <span className="copyfit-bar__block">
            {t('copyfit.block', {
              template: templateLabel(template, i18n.language),
              columns: block.columns,
              lines: block.lines,
            })}
          </span>
        </>
      )}
    </section>
  );
}
