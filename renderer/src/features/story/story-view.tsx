import './story.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Story } from '../../../../shared/model';
import { api } from '../../api/client';
import { errorCode } from '../../ui/describe-error';
import { ErrorNotice } from '../../ui/error-notice';
import { StoryEditor } from './story-editor';

interface StoryViewProps {
  id: string;
  onLeave: () => void;
  onLoaded: () => void;
  reportError: (error: unknown) => void;
  /** The author name from the settings; the editor asks for one when it is empty. */
  authorName?: string;
  /** The setting for English stories: curly quotes and dashes as they are typed. */
  smartTypography?: boolean;
  onOpenSettings?: () => void;
}

type Loaded =
  { attempt: number; story: Story; error?: undefined } | { attempt: number; story?: undefined; error: unknown };

/** Loads one story and hands it to the editor; a reload after a conflict starts a fresh editor. */
export function StoryView({
  id,
  onLeave,
  onLoaded,
  reportError,
  authorName,
  smartTypography,
  onOpenSettings,
}: StoryViewProps) {
  const { t } = useTranslation();
  const [attempt, setAttempt] = useState(0);
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    let live = true;
    api
      .getStory({ id })
      .then(
        (story) => {
          if (live) setLoaded({ attempt, story });
        },
        (error: unknown) => {
          if (live) setLoaded({ attempt, error });
        },
      )
      .finally(() => {
        if (live) onLoaded();
      });
    return () => {
      live = false;
    };
  }, [id, attempt, onLoaded]);

  const current = loaded?.attempt === attempt ? loaded : null;

  if (!current) {
    return (
      <p className="view-loading" role="status">
        {t('story.loading')}
      </p>
    );
  }
  if (!current.story) {
    return (
      <div className="story-view story-view--failed">
        <ErrorNotice
          error={current.error}
          summary={errorCode(current.error) === 'not-found' ? t('story.notFound') : undefined}
        />
        <button type="button" className="button" onClick={onLeave}>
          {t('story.back')}
        </button>
      </div>
    );
  }
  return (
    <StoryEditor
      key={`${current.story.id}:${attempt}`}
      story={current.story}
      onLeave={onLeave}
      onReload={() => setAttempt((n) => n + 1)}
      reportError={reportError}
      authorName={authorName}
      smartTypography={smartTypography}
      onOpenSettings={onOpenSettings}
    />
  );
}
