import type { AppInfo } from '../../shared/ipc/contract';
import type { Handlers } from './dispatch';
import { ServiceError } from './errors';
import { commitImport, parseImportFile, styleMapFor } from './import';
import { Library } from './library';
import { StorySearch } from './search';
import type { SettingsStore } from './settings';

export interface WorkspaceOptions {
  settings: SettingsStore;
  host: AppInfo['host'];
  version: string;
  systemLanguage: string;
  /** Where the library is when settings name none. */
  defaultLibraryPath: string;
  /** A library path that overrides settings (the web host's and CLI's --library). */
  libraryOverride?: string;
  /** The sample library a new, empty library starts from. */
  seedFrom?: string;
  /** A folder picker; the web host has none. Injected so services never import electron. */
  chooseFolder?: () => Promise<string | null>;
  /** Where the renderer finds a photo: this prefix and the asset id. */
  assetBaseUrl: string;
}

/** The open library and the settings, and the handlers that serve the contract over them. */
export class Workspace {
  private constructor(
    private library: Library,
    private readonly options: WorkspaceOptions,
    /** Why the app opened another library than the one in settings, for the user to read. */
    private notice: string | null,
  ) {
    this.storySearch();
  }

  private search: StorySearch | null = null;

  /** The search over the current library; made afresh (and built in the background) when the library changes. */
  private storySearch(): StorySearch {
    if (this.search?.library !== this.library) {
      this.search?.dispose();
      this.search = new StorySearch(this.library);
      this.search.warm();
    }
    return this.search;
  }

  /**
   * Opens the library named by the override, else settings, else the default. When the
   * library in settings cannot be opened (a vanished drive, a folder made read-only), the
   * app still starts, on the default library, and says why.
   */
  static async start(options: WorkspaceOptions): Promise<Workspace> {
    const remembered = options.settings.get().libraryPath;
    const path = options.libraryOverride ?? remembered ?? options.defaultLibraryPath;
    try {
      const { library } = await Library.open(path, Workspace.libraryOptions(options));
      return new Workspace(library, options, null);
    } catch (error) {
      if (options.libraryOverride || path === options.defaultLibraryPath) throw error;
      const { library } = await Library.open(options.defaultLibraryPath, Workspace.libraryOptions(options));
      return new Workspace(library, options, `${(error as Error).message} The default library is open instead.`);
    }
  }

  private static libraryOptions(options: WorkspaceOptions) {
    return { seedFrom: options.seedFrom, author: () => options.settings.get().authorName };
  }

  get current(): Library {
    return this.library;
  }

  /** Opens another library folder and remembers it; the current one stays open if that fails. */
  async switchLibrary(path: string): Promise<{ libraryPath: string; created: boolean }> {
    const { library, created } = await Library.open(path, Workspace.libraryOptions(this.options));
    this.library = library;
    this.storySearch();
    this.notice = null;
    this.options.settings.update({ libraryPath: library.root });
    return { libraryPath: library.root, created };
  }

  handlers(): Handlers {
    const { settings, chooseFolder } = this.options;
    return {
      getAppInfo: () => ({
        version: this.options.version,
        host: this.options.host,
        libraryPath: this.library.root,
        systemLanguage: this.options.systemLanguage,
        canChooseFolder: Boolean(chooseFolder),
        notice: this.notice,
        assetBaseUrl: this.options.assetBaseUrl,
      }),
      getSettings: () => settings.get(),
      updateSettings: (patch) => settings.update(patch),
      chooseLibraryFolder: async () => {
        if (!chooseFolder) throw new ServiceError('unsupported', 'This host cannot show a folder picker.');
        const path = await chooseFolder();
        return path === null ? null : this.switchLibrary(path);
      },
      listStories: () => this.library.listStories(),
      getStory: ({ id }) => this.library.getStory(id),
      createStory: (input) => this.library.createStory(input),
      saveStory: (input) => this.library.saveStory(input),
      trashStory: async ({ id }) => {
        await this.library.trashStory(id);
        return { id };
      },
      listTrash: () => this.library.listTrash(),
      restoreStory: ({ id }) => this.library.restoreStory(id),
      listRevisions: ({ id }) => this.library.listRevisions(id),
      getRevision: ({ id, snapshot }) => this.library.getRevision(id, snapshot),
      restoreRevision: ({ id, snapshot, baseRevision }) => this.library.restoreRevision(id, snapshot, baseRevision),
      searchStories: ({ query, limit }) => this.storySearch().search(query, { limit }),
      listTags: () => this.library.listTags(),
      importAsset: ({ name, data }) => this.library.assets.add(Buffer.from(data, 'base64'), name),
      parseImport: ({ name, data }) =>
        parseImportFile(name, Buffer.from(data, 'base64'), { styleMap: styleMapFor(settings.get().wordStyles) }),
      commitImport: async (input) => ({ created: await commitImport(this.library, input) }),
      listEditions: () => this.library.listEditions(),
      getEdition: ({ id }) => this.library.getEdition(id),
    };
  }
}
