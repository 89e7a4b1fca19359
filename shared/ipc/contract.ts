import { z } from 'zod';
import { ImportCommit, ParsedFile } from '../import/schema';
import { ExportJobId, ExportJobStatus, StartExportInput } from './export-status';
import { NewsroomConnectInput, NewsroomStatus, NewsroomStoryRow, NewsroomSyncResult } from './newsroom';
import {
  EditionProofing,
  HouseListName,
  HouseListsSchema,
  ProofingSettingsSchema,
  StoryProofing,
} from '../proofing/schema';
import {
  Edition,
  EditionSummary,
  FitBlock,
  NewEdition,
  Id,
  RevisionMeta,
  RevisionSnapshot,
  Tag,
  Settings,
  SettingsPatch,
  Story,
  StoryFields,
  StoryLanguage,
  StoryRow,
  StorySummary,
} from '../model';
import { MAX_FILE_BASE64 } from '../limits';
import { StoryPlace } from '../model/story-place';

const NoInput = z.undefined().or(z.object({}).strict());

/** The most story text a tag suggestion call carries: far beyond any story (suggestions read its start). */
const MAX_SUGGEST_TEXT = 2_000_000;

const method = <I extends z.ZodType, O extends z.ZodType>(channel: string, input: I, output: O) => ({
  channel,
  input,
  output,
});

export const AppInfo = z.object({
  version: z.string(),
  /** 'electron' for the desktop app, 'web' for the development web host. */
  host: z.enum(['electron', 'web']),
  libraryPath: z.string(),
  /** The system's preferred language, for the 'system' UI language setting. */
  systemLanguage: z.string(),
  /** Whether this host can show a folder picker (the web host cannot). */
  canChooseFolder: z.boolean(),
  /** Something the user must know about how the library was opened, or null. */
  notice: z.string().nullable(),
  /** Prefix of a photo's URL: the asset id is appended. */
  assetBaseUrl: z.string(),
  /**
   * Set when the library is read-only here, and every change is refused: another running
   * Masthead holds it (who, where, since when), or the disk refused the writes that opening
   * needs (full, or not writable), with the sentence that says so and what to do.
   */
  readOnly: z
    .union([
      z.object({ by: z.string(), host: z.string(), since: z.string() }),
      z.object({ reason: z.enum(['disk-full', 'not-writable']), message: z.string() }),
    ])
    .nullable(),
  /** Set when the library's lock was left by a Masthead that crashed and was taken over. */
  recoveredLock: z.object({ by: z.string(), host: z.string(), since: z.string() }).nullable(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const SearchHit = z.object({
  id: Id,
  headline: z.string(),
  kicker: z.string(),
  section: z.string(),
  status: z.string(),
  language: z.string(),
  score: z.number(),
  /** A short passage of the best-matching field around the first match. */
  snippet: z.string(),
  /** The stretches of headline and snippet to highlight, as [start, end) offsets. */
  headlineMatches: z.array(z.tuple([z.number().int(), z.number().int()])),
  snippetMatches: z.array(z.tuple([z.number().int(), z.number().int()])),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchResult = z.object({
  hits: z.array(SearchHit),
  /** Stories in the index; less than the library while it is still being built. */
  indexed: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  tookMs: z.number().nonnegative(),
});
export type SearchResult = z.infer<typeof SearchResult>;

export const TagCount = Tag.extend({ count: z.number().int().positive() });
export type TagCount = z.infer<typeof TagCount>;

/** A tag suggested from a story's text (shared/text/suggest-tags.ts says why each is). */
export const TagSuggestion = Tag.extend({
  reason: z.enum(['title', 'name', 'suffix', 'known', 'frequent']),
  count: z.number().int().nonnegative(),
});

export const ImportedAsset = z.object({
  assetId: z.string(),
  mime: z.string(),
  bytes: z.number().int().positive(),
});

export const BackupInfo = z.object({
  name: z.string(),
  created: z.string(),
  bytes: z.number().int().nonnegative(),
  stories: z.number().int().nonnegative(),
  /** Made on the schedule or before a restore (rotated), rather than by the user (kept). */
  automatic: z.boolean(),
});
export type BackupInfo = z.infer<typeof BackupInfo>;

export const BackupList = z.object({
  backups: z.array(BackupInfo),
  /** Why the last automatic backup failed, or null. */
  automaticError: z.string().nullable(),
});
export type BackupList = z.infer<typeof BackupList>;

export const OpenLibraryResult = z.object({ libraryPath: z.string(), created: z.boolean() });

/**
 * The one contract between renderer and main. Each method names its IPC channel (also its
 * HTTP path in the web host) and the zod schemas its input and output must satisfy. The
 * renderer's API type, the preload and both hosts' handlers are all derived from this map.
 */
export const contract = {
  getAppInfo: method('app:get-info', NoInput, AppInfo),
  getSettings: method('settings:get', NoInput, Settings),
  updateSettings: method('settings:update', SettingsPatch.strict(), Settings),
  chooseLibraryFolder: method('library:choose-folder', NoInput, OpenLibraryResult.nullable()),
  /** The library's list, most recently changed first, as compact rows (see StoryRow). */
  listStories: method('library:list-stories', NoInput, z.array(StoryRow)),
  /**
   * The first screenful of the library's list (most recently changed first) and the story count:
   * the window shows these while the whole list is on its way.
   */
  listRecentStories: method(
    'library:list-recent-stories',
    z.object({ limit: z.number().int().min(1).max(500) }).strict(),
    z.object({ rows: z.array(StoryRow), total: z.number().int().nonnegative() }),
  ),
  getStory: method('library:get-story', z.object({ id: Id }).strict(), Story),
  createStory: method(
    'library:create-story',
    z
      .object({
        language: StoryLanguage,
        section: StoryFields.shape.section.optional(),
        headline: StoryFields.shape.headline.optional(),
      })
      .strict(),
    Story,
  ),
  saveStory: method(
    'library:save-story',
    z
      .object({
        id: Id,
        /** The revision the editor started from; a save over a newer revision is refused. */
        baseRevision: z.number().int().nonnegative(),
        // `fit` is restated without its default: a partial save must not reset the block to null.
        changes: StoryFields.extend({ fit: FitBlock.nullable() }).partial().strict(),
      })
      .strict(),
    Story,
  ),
  trashStory: method('library:trash-story', z.object({ id: Id }).strict(), z.object({ id: Id })),
  listTrash: method('library:list-trash', NoInput, z.array(StorySummary)),
  restoreStory: method('library:restore-story', z.object({ id: Id }).strict(), Story),
  listRevisions: method('history:list-revisions', z.object({ id: Id }).strict(), z.array(RevisionMeta)),
  getRevision: method(
    'history:get-revision',
    z.object({ id: Id, snapshot: z.number().int().positive() }).strict(),
    RevisionSnapshot,
  ),
  restoreRevision: method(
    'history:restore-revision',
    z.object({ id: Id, snapshot: z.number().int().positive(), baseRevision: z.number().int().nonnegative() }).strict(),
    Story,
  ),
  /** Keeps the story as it is now as a version (Ctrl/⌘+S), optionally named; the story itself does not change. */
  markRevision: method(
    'history:mark-revision',
    z.object({ id: Id, name: z.string().max(120).nullable() }).strict(),
    RevisionMeta,
  ),
  searchStories: method(
    'search:query-stories',
    z.object({ query: z.string().max(500), limit: z.number().int().min(1).max(200).optional() }).strict(),
    SearchResult,
  ),
  listTags: method('library:list-tags', NoInput, z.array(TagCount)),
  /** Tags suggested from a story's text as it stands in the editor (saved or not), best first. */
  suggestTags: method(
    'text:suggest-tags',
    z
      .object({
        text: z.string().max(MAX_SUGGEST_TEXT),
        language: StoryLanguage,
        byline: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(100).optional(),
      })
      .strict(),
    z.array(TagSuggestion),
  ),
  importAsset: method(
    'assets:import-image',
    z
      .object({
        name: z.string().min(1).max(255),
        /** The file's bytes, base64 (shared/limits.ts: MAX_PHOTO_BYTES; the library checks it). */
        data: z.string().max(MAX_FILE_BASE64),
      })
      .strict(),
    ImportedAsset,
  ),
  parseImport: method(
    'import:parse-file',
    z
      .object({
        name: z.string().min(1).max(255),
        /** The file's bytes, base64 (a paste is sent as a .txt or .html "file"; shared/limits.ts: MAX_IMPORT_BYTES). */
        data: z.string().max(MAX_FILE_BASE64),
      })
      .strict(),
    ParsedFile,
  ),
  commitImport: method(
    'import:commit-stories',
    ImportCommit.strict(),
    z.object({ created: z.array(z.object({ id: Id, headline: z.string() })) }),
  ),
  listEditions: method('library:list-editions', NoInput, z.array(EditionSummary)),
  /** Where each placed story runs (page and section of the newest edition placing it), for the library's list. */
  listStoryPlaces: method('library:list-story-places', NoInput, z.array(StoryPlace)),
  getEdition: method('library:get-edition', z.object({ id: Id }).strict(), Edition),
  createEdition: method('library:create-edition', NewEdition.strict(), Edition),
  saveEdition: method(
    'library:save-edition',
    z
      .object({
        edition: Edition,
        /** The updatedAt the desk loaded; a save over a newer edition is refused. */
        baseUpdatedAt: Edition.shape.updatedAt,
      })
      .strict(),
    Edition,
  ),
  deleteEdition: method('library:delete-edition', z.object({ id: Id }).strict(), z.object({ id: Id })),
  /** Exports an edition in the background, into a new folder; poll getExportStatus for progress. */
  startExport: method('export:start-export', StartExportInput, z.object({ jobId: ExportJobId })),
  getExportStatus: method('export:get-status', z.object({ jobId: ExportJobId }).strict(), ExportJobStatus),
  cancelExport: method(
    'export:cancel-export',
    z.object({ jobId: ExportJobId }).strict(),
    z.object({ jobId: ExportJobId, cancelled: z.boolean() }),
  ),
  /** Shows a finished export's folder in the system's file manager (the desktop app only). */
  openExportFolder: method(
    'export:open-folder',
    z.object({ jobId: ExportJobId }).strict(),
    z.object({ opened: z.boolean() }),
  ),
  /** Several stories at once, for laying out a page; ids not in the library are left out. */
  getStories: method('library:get-stories', z.object({ ids: z.array(Id).max(2000) }).strict(), z.array(Story)),
  listBackups: method('backups:list', NoInput, BackupList),
  createBackup: method('backups:create', NoInput, BackupInfo),
  restoreBackup: method(
    'backups:restore',
    z.object({ name: z.string().min(1).max(255) }).strict(),
    z.object({ restoredStories: z.number().int().nonnegative() }),
  ),
  /** Proofing (校对): the house lists kept in the library's proofing/ folder, as plain text. */
  getProofingLists: method('proofing:get-lists', NoInput, HouseListsSchema),
  saveProofingList: method(
    'proofing:save-list',
    z.object({ list: HouseListName, text: HouseListsSchema.shape.names }).strict(),
    HouseListsSchema,
  ),
  saveProofingSettings: method('proofing:save-settings', ProofingSettingsSchema.strict(), HouseListsSchema),
  /** Adds one entry to a house list: a word to the dictionary, or `wrong→right|reason` to another list. */
  addProofingEntry: method(
    'proofing:add-entry',
    z.object({ list: HouseListName, entry: z.string().trim().min(1).max(400) }).strict(),
    HouseListsSchema,
  ),
  /** A Hunspell dictionary's files, for the renderer's own spelling checker. */
  getSpellingDictionary: method(
    'proofing:get-dictionary',
    z.object({ variant: ProofingSettingsSchema.shape.englishVariant }).strict(),
    z.object({ aff: z.string(), dic: z.string() }),
  ),
  /** What "ignore in this story" remembers for a story (finding keys: rule and text). */
  getProofingIgnored: method('proofing:get-ignored', z.object({ storyId: Id }).strict(), z.array(z.string())),
  setProofingIgnored: method(
    'proofing:set-ignored',
    z.object({ storyId: Id, key: z.string().min(1).max(400), ignored: z.boolean() }).strict(),
    z.array(z.string()),
  ),
  /** Proofs a saved story with the house lists (what the CLI and preflight see). */
  getStoryProofing: method('proofing:get-story', z.object({ id: Id }).strict(), StoryProofing),
  /** Proofs every story placed in an edition: counts per story and for the edition. */
  getEditionProofing: method('proofing:get-edition', z.object({ editionId: Id }).strict(), EditionProofing),
  /** The newsroom (issue 19): 'off' without one; online/offline, changes waiting, presence. */
  newsroomStatus: method('newsroom:status', NoInput, NewsroomStatus),
  newsroomConnect: method('newsroom:connect', NewsroomConnectInput, NewsroomStatus),
  newsroomDisconnect: method('newsroom:disconnect', NoInput, NewsroomStatus),
  /** Push and pull now. */
  newsroomSync: method('newsroom:sync', NoInput, NewsroomSyncResult),
  /** What this window has open (story ids), shown to the others as presence. */
  newsroomSetOpen: method(
    'newsroom:set-open',
    z.object({ ids: z.array(z.string().max(200)).max(200) }).strict(),
    z.object({}),
  ),
  /** Newsroom stories this machine does not hold (from the catalogue), for the library list. */
  listNewsroomStories: method('newsroom:list-stories', NoInput, z.array(NewsroomStoryRow)),
  /** Brings a newsroom story onto this machine (kept offline from now on) and returns it. */
  newsroomOpenStory: method('newsroom:open-story', z.object({ id: Id }).strict(), Story),
  newsroomDismissNotices: method('newsroom:dismiss-notices', NoInput, z.object({})),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

/** The renderer's API: one async function per method, derived from the contract. */
export type MastheadApi = {
  [M in MethodName]: undefined extends MethodInput<M>
    ? (input?: MethodInput<M>) => Promise<MethodOutput<M>>
    : (input: MethodInput<M>) => Promise<MethodOutput<M>>;
};

/**
 * What the Electron preload exposes: one function per method that resolves to the reply
 * envelope. Errors travel as data because contextBridge strips an Error's class and fields.
 */
export type MastheadBridge = { [M in MethodName]: (input?: MethodInput<M>) => Promise<unknown> };

export const methodNames = Object.keys(contract) as MethodName[];

/**
 * What a call may change, declared for every method (a new method without its line does not
 * compile): 'none' reads only; 'library' writes to the open library, so it is refused while
 * another Masthead holds it; 'app' changes the app's own state outside any library (its
 * settings, which library is open).
 */
export type MethodEffect = 'none' | 'library' | 'app';

export const methodEffects: { readonly [M in MethodName]: MethodEffect } = {
  getAppInfo: 'none',
  getSettings: 'none',
  updateSettings: 'app',
  chooseLibraryFolder: 'app',
  listStories: 'none',
  listRecentStories: 'none',
  getStory: 'none',
  createStory: 'library',
  saveStory: 'library',
  trashStory: 'library',
  listTrash: 'none',
  restoreStory: 'library',
  listRevisions: 'none',
  getRevision: 'none',
  restoreRevision: 'library',
  markRevision: 'library',
  searchStories: 'none',
  listTags: 'none',
  suggestTags: 'none',
  importAsset: 'library',
  parseImport: 'none',
  commitImport: 'library',
  listEditions: 'none',
  listStoryPlaces: 'none',
  getEdition: 'none',
  createEdition: 'library',
  saveEdition: 'library',
  deleteEdition: 'library',
  // An export is written into the library's exports/ folder; cancelling removes its unfinished folder.
  startExport: 'library',
  getExportStatus: 'none',
  cancelExport: 'library',
  openExportFolder: 'none',
  getStories: 'none',
  listBackups: 'none',
  createBackup: 'library',
  restoreBackup: 'library',
  getProofingLists: 'none',
  saveProofingList: 'library',
  saveProofingSettings: 'library',
  addProofingEntry: 'library',
  getSpellingDictionary: 'none',
  getProofingIgnored: 'none',
  setProofingIgnored: 'library',
  getStoryProofing: 'none',
  getEditionProofing: 'none',
  newsroomStatus: 'none',
  // Signing in and out keeps the servers in the machine's settings and the token beside them.
  newsroomConnect: 'app',
  newsroomDisconnect: 'app',
  newsroomSync: 'library',
  newsroomSetOpen: 'none',
  listNewsroomStories: 'none',
  newsroomOpenStory: 'library',
  newsroomDismissNotices: 'none',
};

export const methodForChannel = (channel: string): MethodName | undefined =>
  methodNames.find((m) => contract[m].channel === channel);

/** Failures cross the boundary as data, with a code the renderer translates. */
export const ErrorCode = z.enum([
  'invalid-input',
  'not-found',
  'conflict',
  'forbidden',
  'unsupported',
  'io',
  'internal',
  /** The library is held by another running Masthead and is open read-only here. */
  'read-only',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiError = z.object({
  code: ErrorCode,
  message: z.string(),
  /** For invalid input: where in the payload the problem is. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiError = z.infer<typeof ApiError>;

export const Envelope = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiError }),
]);
export type Envelope = z.infer<typeof Envelope>;

/** The error a renderer call rejects with. */
export class MastheadError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ApiError['issues'],
  ) {
    super(message);
    this.name = 'MastheadError';
  }
}

/** Turns an envelope from either transport into a value or a thrown MastheadError. */
export function unwrapEnvelope(raw: unknown): unknown {
  const parsed = Envelope.safeParse(raw);
  if (!parsed.success) throw new MastheadError('internal', 'malformed reply from the host');
  if (parsed.data.ok) return parsed.data.value;
  const { code, message, issues } = parsed.data.error;
  throw new MastheadError(code, message, issues);
}

/** Builds the API from one transport function; used by the preload and the web client. */
export function createApi(send: (method: MethodName, input: unknown) => Promise<unknown>): MastheadApi {
  const api: Record<string, (input?: unknown) => Promise<unknown>> = {};
  for (const m of methodNames) {
    api[m] = async (input?: unknown) => unwrapEnvelope(await send(m, input));
  }
  return api as MastheadApi;
}
