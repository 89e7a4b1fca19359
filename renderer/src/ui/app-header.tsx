import { useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoryLanguage } from '../../../shared/model';
import { NewsroomBadge } from '../features/newsroom/newsroom-badge';
import { SearchBox } from '../features/search/search-box';
import { routeHash } from './use-hash-route';
import './app-header.css';

interface AppHeaderProps {
  libraryPath: string | null;
  creating: boolean;
  onNewStory: (language: StoryLanguage) => void;
  onOpenSettings: () => void;
  onImport: () => void;
}

export function AppHeader({ libraryPath, creating, onNewStory, onOpenSettings, onImport }: AppHeaderProps) {
  const { t } = useTranslation();
  const headerRef = useStickyHeaderHeight();
  return (
    <header className="app-header" ref={headerRef}>
      <a className="brand" href={routeHash({ view: 'library' })}>
        <span className="brand__zh" lang="zh-CN">
          {t('app.brandZh')}
        </span>
        <span className="brand__en" lang="en">
          {t('app.brandEn')}
        </span>
      </a>
      {libraryPath && (
        <p className="app-header__library" title={libraryPath}>
          <span className="app-header__library-label">{t('app.libraryPath')}</span>
          <code className="app-header__library-path">{libraryPath}</code>
        </p>
      )}
      <SearchBox />
      <nav className="app-header__nav" aria-label={t('app.mainNav')}>
        <a className="button button--quiet" href={routeHash({ view: 'library' })}>
          {t('app.library')}
        </a>
        <a className="button button--quiet" href={routeHash({ view: 'editions' })}>
          {t('edition.nav')}
        </a>
        <div className="button-group" role="group" aria-label={t('header.newStory')}>
          <button type="button" className="button" disabled={creating} onClick={() => onNewStory('zh-Hans')}>
            <span aria-hidden="true" className="button__icon">
              +
            </span>
            {t('header.newChinese')}
          </button>
          <button type="button" className="button" disabled={creating} onClick={() => onNewStory('en')}>
            <span aria-hidden="true" className="button__icon">
              +
            </span>
            {t('header.newEnglish')}
          </button>
        </div>
        <button type="button" className="button" onClick={onImport}>
          {t('import.button')}
        </button>
        <NewsroomBadge onOpenSettings={onOpenSettings} />
        <button type="button" className="button button--quiet" onClick={onOpenSettings}>
          {t('header.settings')}
        </button>
      </nav>
    </header>
  );
}

/**
 * Publishes the header's height as --app-header-height: it wraps to two rows on a narrow
 * window, and what sticks below it (the story toolbar and side panel) must start under it.
 */
function useStickyHeaderHeight() {
  const ref = useRef<HTMLElement>(null);
  useLayoutEffect(() => {
    const header = ref.current;
    if (!header || typeof ResizeObserver === 'undefined') return;
    const root = document.documentElement;
    const publish = () => root.style.setProperty('--app-header-height', `${header.offsetHeight}px`);
    publish();
    const observer = new ResizeObserver(publish);
    observer.observe(header);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--app-header-height');
    };
  }, []);
  return ref;
}
