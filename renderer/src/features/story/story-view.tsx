import './story.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Story } from '../../../../shared/model';
import { api } from '../../api/client';
import { errorCode } from '../../ui/describe-error';
import { ErrorNotice } from '../../ui/error-notice';
import { StoryEditor } from './story-editor';
import type { LiveStory } from './collab/live-story';

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
  | { attempt: number; story: Story; live: LiveStory | null; error?: undefined }
  | { attempt: number; story?: undefined; error: unknown };

/**
 * The story's live link when the host has one for it (a newsroom is connected and the story
 * synced): only then is the co-editing code (Yjs, its TipTap binding) loaded.
 */
async function openLive(id: string, reportError: (error: unknown) => void): Promise<LiveStory | null> {
  const opened = await api.collabOpen({ storyId: id }).catch(() => ({ live: false as const }));
  if (!opened.live) return null;
  const { LiveStory } = await import('./collab/live-story');
  return new LiveStory(id, opened, reportError);
}

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
    const linked = openLive(id, reportError).catch(() => null);
    Promise.all([api.getStory({ id }), linked])
      .then(
        ([story, link]) => {
          if (live) setLoaded({ attempt, story, live: link });
          else void link?.close();
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
      // The editor is gone: its live link lets go of the story (after its last changes are sent).
      void linked.then((link) => link?.close());
    };
    // reportError is the app's own, stable for the view's life.
    // eslint-disable-next-line react-hooks/exhaustive-deps
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
      live={current.live}
      onLeave={onLeave}
      onReload={() => setAttempt((n) => n + 1)}
      reportError={reportError}
      authorName={authorName}
      smartTypography={smartTypography}
      onOpenSettings={onOpenSettings}
    />
  );
}
