import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Edition } from '../../../../shared/model/edition';
import './edition-details.css';

interface EditionDetailsProps {
  edition: Edition;
  change: (update: (edition: Edition) => Edition) => void;
}

/** As the edition's schema allows (shared/model/edition.ts). */
const MAX_EAR = 400;

/**
 * What the front page's masthead area prints from the edition itself: the issue number (期)
 * and the 报眼 box's text (weather, a notice, an index of its own; the pages' index when
 * empty). Applied together, and only when both are valid, with the reason said otherwise.
 * The caller keys it by those values, so undo or another desk's change starts it afresh.
 */
export function EditionDetails({ edition, change }: EditionDetailsProps) {
  const { t } = useTranslation();
  const [issue, setIssue] = useState(String(edition.issueNumber));
  const [ear, setEar] = useState(edition.ear ?? '');

  const issueValue = Number(issue);
  const issueProblem = issue.trim() === '' || !Number.isInteger(issueValue) || issueValue < 0;
  const earProblem = ear.length > MAX_EAR;
  const unchanged = !issueProblem && issueValue === edition.issueNumber && ear.trim() === (edition.ear ?? '').trim();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (issueProblem || earProblem) return;
    const text = ear.trim();
    change((ed) => {
      const next: Edition = { ...ed, issueNumber: issueValue };
      if (text) next.ear = text;
      else delete next.ear;
      return next;
    });
  };

  return (
    <form className="flatplan__details" aria-label={t('edition.details.title')} onSubmit={submit}>
      <label className="field">
        <span className="field__label">{t('edition.details.issue')}</span>
        <input
          className="field__input"
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          value={issue}
          aria-invalid={issueProblem}
          onChange={(e) => setIssue(e.target.value)}
        />
      </label>
      <label className="field flatplan__details-ear">
        <span className="field__label">{t('edition.details.ear')}</span>
        <textarea
          className="field__input"
          rows={3}
          value={ear}
          placeholder={t('edition.details.earPlaceholder')}
          aria-invalid={earProblem}
          onChange={(e) => setEar(e.target.value)}
        />
      </label>
      <button type="submit" className="button" disabled={issueProblem || earProblem || unchanged}>
        {t('edition.details.save')}
      </button>
      {(issueProblem || earProblem) && (
        <ul className="flatplan__details-problems" role="alert">
          {issueProblem && <li>{t('edition.details.issueProblem')}</li>}
          {earProblem && <li>{t('edition.details.earProblem', { max: MAX_EAR, count: ear.length })}</li>}
        </ul>
      )}
    </form>
  );
}
