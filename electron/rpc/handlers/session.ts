import type { AppInfo } from '../../../shared/ipc/contract';
import type { NewsroomLink } from '../../newsroom/client/newsroom-link';
import type { StorySearch } from '../../search/search';
import type { Library } from '../../store/library';
import type { SettingsStore } from '../../store/settings';
import type { BackupSchedule } from '../backup-schedule';
import type { WorkspaceOptions } from '../workspace';

/**
 * What the handler modules need of the open workspace (workspace.ts): the library open now
 * (it changes when the user opens another), the settings and the host's options, and the
 * session's own state. Each module declares the methods it answers.
 */
export interface Session {
  readonly current: Library;
  readonly settings: SettingsStore;
  readonly options: WorkspaceOptions;
  /** Whether this Masthead holds the library's lock (else it is read-only here). */
  readonly holdsLock: boolean;
  readonly backups: BackupSchedule;
  /** Folders the user picked in a dialog in this session: an export may go there. */
  readonly chosenFolders: Set<string>;
  /** The newsroom sync (idle without a newsroom). */
  readonly newsroom: NewsroomLink;
  appInfo(): AppInfo;
  storySearch(): StorySearch;
  switchLibrary(path: string): Promise<{ libraryPath: string; created: boolean }>;
  restoreBackup(name: string): Promise<{ restoredStories: number }>;
}
