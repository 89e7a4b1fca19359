import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { StatusChange, StoryStatus } from '../../../../../shared/model';
import { toUiLocale } from '../../../i18n';
import { formatDateTime } from '../../../ui/format';
import { type WorkflowStep, nextSteps } from '../../../../../shared/model/workflow';

interface WorkflowPanelProps {
  status: StoryStatus;
  history: readonly StatusChange[];
  /** Moves the story on; the library records who and when with the save. */
  onMove: (step: WorkflowStep) => void;
  busy: boolean;
}

/** Where the story is in the desk workflow, the moves open from there, and how it got here. */
export function WorkflowPanel({ status, history, onMove, busy }: WorkflowPanelProps) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const locale = toUiLocale(i18n.language);
  const steps = nextSteps(status, history);
  // Newest first: the last move is what the desk wants to see.
  const timeline = [...history].reverse();
  return (
    <section className="meta-section workflow" aria-labelledby={titleId}>
      <h2 id={titleId} className="meta-section__title">
        {t('story.status')}
      </h2>
      <p className="workflow__current">
        <span className={`status-badge status-badge--${status}`}>{t(`status.${status}`)}</span>
      </p>
      <div className="workflow__actions" role="group" aria-label={t('workflow.actions')}>
        {steps.map((step) => (
          <button
            key={step.action}
            type="button"
            className={`button button--small workflow__action workflow__action--${step.action}`}
            disabled={busy}
            onClick={() => onMove(step)}
          >
            {t(`workflow.${step.action}`)}
          </button>
        ))}
      </div>
      {timeline.length > 0 && (
        <ol className="workflow__history" aria-label={t('workflow.history')}>
          {timeline.map((change, i) => (
            <li key={`${change.at}-${i}`} className="workflow__event">
              <span className={`workflow__dot workflow__dot--${change.status}`} aria-hidden="true" />
              <span className="workflow__event-status">{t(`status.${change.status}`)}</span>
              <span className="workflow__event-by">{change.by.trim() || t('workflow.unknownAuthor')}</span>
              {change.event && (
                <span className="workflow__event-why">
                  {change.event === 'restore'
                    ? change.snapshot
                      ? t('workflow.eventRestore', { snapshot: change.snapshot })
                      : t('workflow.eventRestoreUnknown')
                    : t('workflow.eventEditedAfterApproval')}
                </span>
              )}
              <time className="workflow__event-at" dateTime={change.at}>
                {formatDateTime(change.at, locale)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
