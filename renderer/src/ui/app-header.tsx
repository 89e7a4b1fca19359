import { useTranslation } from 'react-i18next';
import type { StoryLanguage } from '../../../shared/model';
import { SearchBox } from '../features/search/search-box';
import { routeHash } from './use-hash-route';

interface AppHeaderProps {
  libraryPath: string | null;
  creating: boolean;
  onNewStory: (language: StoryLanguage) => void;
  onOpenSettings: () => void;
  onImport: () => void;
}

export function AppHeader({ libraryPath, creating, onNewStory, onOpenSettings, onImport }: AppHeaderProps) {
  const { t } = useTranslation();
  return (
    <header className="app-header">
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
        <button type="button" className="button button--quiet" onClick={onOpenSettings}>
          {t('header.settings')}
        </button>
      </nav>
    </header>
  );
}
