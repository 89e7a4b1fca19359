import type { StoryLanguage } from '../../../../shared/model';
import { api } from '../../api/client';
import type { Route } from '../../ui/use-hash-route';
import { libraryOrder, neighbourStory } from '../library/library-view-state';
import type { Command } from './command-registry';
import { useCommands } from './command-context';

interface AppCommandsProps {
  route: Route;
  navigate: (route: Route) => void;
  onNewStory: (language: StoryLanguage) => void;
  onOpenSettings: () => void;
  /** Switches the interface between Chinese and English. */
  onSwitchLanguage?: () => void;
  reportError: (error: unknown) => void;
}

/** The search box of the header, whichever shape it has; its own Ctrl/⌘+K stays its own. */
const focusSearch = (): void => {
  const box = document.querySelector<HTMLInputElement>(
    '.app-header [role="search"] input, .app-header input[type="search"]',
  );
  box?.focus();
  box?.select();
};

/** The commands of the whole app: new stories, the library, stepping through stories. */
export function AppCommands({
  route,
  navigate,
  onNewStory,
  onOpenSettings,
  onSwitchLanguage,
  reportError,
}: AppCommandsProps) {
  const inStory = () => route.view === 'story';

  const step = async (direction: 1 | -1) => {
    if (route.view !== 'story') return;
    try {
      // The list is read afresh: the story just edited may have moved in a sort by last change.
      const order = libraryOrder(await api.listStories());
      const target = neighbourStory(order, route.id, direction);
      if (target) navigate({ view: 'story', id: target.id });
    } catch (error) {
      reportError(error);
    }
  };

  const commands: Command[] = [
    {
      id: 'app.newChineseStory',
      group: 'app',
      title: (t) => t('header.newChinese'),
      shortcuts: ['Mod-Alt-n'],
      run: () => onNewStory('zh-Hans'),
    },
    {
      id: 'app.newEnglishStory',
      group: 'app',
      title: (t) => t('header.newEnglish'),
      shortcuts: ['Mod-Alt-e'],
      run: () => onNewStory('en'),
    },
    {
      id: 'app.search',
      group: 'app',
      title: (t) => t('commands.search'),
      shortcuts: ['Mod-k'],
      keysHandledElsewhere: true,
      run: focusSearch,
    },
    {
      id: 'app.settings',
      group: 'app',
      title: (t) => t('header.settings'),
      shortcuts: ['Mod-,'],
      run: onOpenSettings,
    },
    ...(onSwitchLanguage
      ? [
          {
            id: 'app.switchLanguage',
            group: 'app',
            title: (t) => t('commands.switchLanguage'),
            keywords: (t) => t('commands.switchLanguageKeywords'),
            run: onSwitchLanguage,
          } satisfies Command,
        ]
      : []),
    {
      id: 'library.show',
      group: 'library',
      title: (t) => t('commands.goToLibrary'),
      // Escape only reaches here outside fields and dialogs (see CommandRegistry.handleKeyDown).
      shortcuts: ['Mod-Alt-l', 'Escape'],
      when: inStory,
      run: () => navigate({ view: 'library' }),
    },
    {
      id: 'library.nextStory',
      group: 'library',
      title: (t) => t('commands.nextStory'),
      shortcuts: ['Mod-Alt-ArrowDown', 'Alt-PageDown'],
      when: inStory,
      run: () => step(1),
    },
    {
      id: 'library.previousStory',
      group: 'library',
      title: (t) => t('commands.previousStory'),
      shortcuts: ['Mod-Alt-ArrowUp', 'Alt-PageUp'],
      when: inStory,
      run: () => step(-1),
    },
  ];
  useCommands(commands);
  return null;
}
