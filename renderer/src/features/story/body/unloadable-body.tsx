import { useTranslation } from 'react-i18next';
import type { BodyProblem } from '../../../../../shared/editor/body-problem';
import type { StoryBody, StoryLanguage } from '../../../../../shared/model';
import { bodyText } from '../../../../../shared/text/count';
import './unloadable-body.css';

interface UnloadableBodyProps {
  body: StoryBody;
  problem: BodyProblem;
  language: StoryLanguage;
}

/**
 * A body the editor's schema cannot hold would load as an empty document, and the first
 * keystroke would save that emptiness over the text. Instead the body is shown read-only,
 * as plain text and as stored, with a notice saying why; nothing here can change it.
 */
export function UnloadableBody({ body, problem, language }: UnloadableBodyProps) {
  const { t } = useTranslation();
  const text = bodyText(body);
  return (
    <div className="unloadable-body">
      <div className="notice notice--error" role="alert">
        <div className="notice__text">
          <p className="notice__summary">{t('story.unloadable.summary')}</p>
          <p className="notice__details">{t(`story.unloadable.${problem.kind}`, { name: problem.name })}</p>
        </div>
      </div>
      <div
        className="unloadable-body__text"
        role="textbox"
        aria-readonly="true"
        aria-multiline="true"
        aria-label={t('story.unloadable.textLabel')}
        lang={language}
        tabIndex={0}
      >
        {text || t('story.unloadable.noText')}
      </div>
      <details className="unloadable-body__raw">
        <summary>{t('story.unloadable.rawLabel')}</summary>
        <pre>{JSON.stringify(body, null, 2)}</pre>
      </details>
    </div>
  );
}
