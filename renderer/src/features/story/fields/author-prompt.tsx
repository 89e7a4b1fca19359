import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const DISMISSED_KEY = 'masthead.authorPromptDismissed';

function wasDismissed(): boolean {
  try {
    return sessionStorage.getItem(DISMISSED_KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * Workflow changes and revisions record the author from the settings; with no name set they
 * would say nobody. Asked once per session: "Not now" is remembered until the app restarts.
 */
export function AuthorPrompt({ onOpenSettings }: { onOpenSettings: () => void }) {
  const { t } = useTranslation();
  const [hidden, setHidden] = useState(wasDismissed);
  if (hidden) return null;
  const dismiss = () => {
    try {
      sessionStorage.setItem(DISMISSED_KEY, '1');
    } catch {
      // Without storage the prompt simply comes back next time.
    }
    setHidden(true);
  };
  return (
    <div className="notice notice--info author-prompt">
      <div className="notice__text">
        <p className="notice__summary">{t('story.authorMissing')}</p>
      </div>
      <div className="notice__actions">
        <button type="button" className="button button--primary" onClick={onOpenSettings}>
          {t('story.authorSet')}
        </button>
        <button type="button" className="button button--quiet" onClick={dismiss}>
          {t('story.authorLater')}
        </button>
      </div>
    </div>
  );
}
