import { z } from 'zod';
import { ImportCommit, ParsedFile } from '../import/schema';
import { ExportJobId, ExportJobStatus, StartExportInput } from './export-status';
import {
  NewsroomConnectInput,
  NewsroomKeepInput,
  NewsroomStatus,
  NewsroomStoryRow,
  NewsroomSyncResult,
} from './newsroom';
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
import {
  CollabOpenInput,
  CollabOpenOutput,
  CollabPullInput,
  CollabPullOutput,
  CollabPushInput,
  CollabPushOutput,
} from '../collab/collab-contract';
import { type ChannelName, ERROR_CODES, type MethodName, channels } from './channels';

// The zod-free half of the contract (channel names, the API's types, the error and envelope
// handling), which the renderer and the preload import on their own.
export {
  type ApiError,
  type Envelope,
  type MastheadApi,
  type MastheadBridge,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  MastheadError,
  channels,
  createApi,
  unwrapEnvelope,
} from './channels';

const NoInput = z.undefined().or(z.object({}).strict());

/** The most story text a tag suggestion call carries: far beyond any story (suggestions read its start). */
const MAX_SUGGEST_TEXT = 2_000_000;

/** A method's schemas; its channel is the one channels.ts gives the name. */
const method = <N extends ChannelName, I extends z.ZodType, O extends z.ZodType>(name: N, input: I, output: O) => ({
  channel: channels[name],
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
  getAppInfo: method('getAppInfo', NoInput, AppInfo),
  getSettings: method('getSettings', NoInput, Settings),
  updateSettings: method('updateSettings', SettingsPatch.strict(), Settings),
  chooseLibraryFolder: method('chooseLibraryFolder', NoInput, OpenLibraryResult.nullable()),
  /** The library's list, most recently changed first, as compact rows (see StoryRow). */
  listStories: method('listStories', NoInput, z.array(StoryRow)),
  /**
   * The first screenful of the library's list (most recently changed first) and the story count:
   * the window shows these while the whole list is on its way.
   */
  listRecentStories: method(
    'listRecentStories',
    z.object({ limit: z.number().int().min(1).max(500) }).strict(),
    z.object({ rows: z.array(StoryRow), total: z.number().int().nonnegative() }),
  ),
  getStory: method('getStory', z.object({ id: Id }).strict(), Story),
  createStory: method(
    'createStory',
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
    'saveStory',
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
  trashStory: method('trashStory', z.object({ id: Id }).strict(), z.object({ id: Id })),
  listTrash: method('listTrash', NoInput, z.array(StorySummary)),
  restoreStory: method('restoreStory', z.object({ id: Id }).strict(), Story),
  listRevisions: method('listRevisions', z.object({ id: Id }).strict(), z.array(RevisionMeta)),
  getRevision: method(
    'getRevision',
    z.object({ id: Id, snapshot: z.number().int().positive() }).strict(),
    RevisionSnapshot,
  ),
  restoreRevision: method(
    'restoreRevision',
    z.object({ id: Id, snapshot: z.number().int().positive(), baseRevision: z.number().int().nonnegative() }).strict(),
    Story,
  ),
  /** Keeps the story as it is now as a version (Ctrl/⌘+S), optionally named; the story itself does not change. */
  markRevision: method(
    'markRevision',
    z.object({ id: Id, name: z.string().max(120).nullable() }).strict(),
    RevisionMeta,
  ),
  searchStories: method(
    'searchStories',
    z.object({ query: z.string().max(500), limit: z.number().int().min(1).max(200).optional() }).strict(),
    SearchResult,
  ),
  listTags: method('listTags', NoInput, z.array(TagCount)),
  /** Tags suggested from a story's text as it stands in the editor (saved or not), best first. */
  suggestTags: method(
    'suggestTags',
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
    'importAsset',
    z
      .object({
        name: z.string().min(1).max(255),
        /** The file's bytes, base64 (shared/limits.ts: MAX_PHOTO_BYTES; the library checks it). */
        data: z.string().max(MAX_FILE_BASE64),
        /** Artwork (a masthead's name): an SVG is taken too, once checked for script and outside references. */
        artwork: z.boolean().optional(),
      })
      .strict(),
    ImportedAsset,
  ),
  parseImport: method(
    'parseImport',
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
    'commitImport',
    ImportCommit.strict(),
    z.object({ created: z.array(z.object({ id: Id, headline: z.string() })) }),
  ),
  listEditions: method('listEditions', NoInput, z.array(EditionSummary)),
  /** Where each placed story runs (page and section of the newest edition placing it), for the library's list. */
  listStoryPlaces: method('listStoryPlaces', NoInput, z.array(StoryPlace)),
  getEdition: method('getEdition', z.object({ id: Id }).strict(), Edition),
  createEdition: method('createEdition', NewEdition.strict(), Edition),
  saveEdition: method(
    'saveEdition',
    z
      .object({
        edition: Edition,
        /** The updatedAt the desk loaded; a save over a newer edition is refused. */
        baseUpdatedAt: Edition.shape.updatedAt,
      })
      .strict(),
    Edition,
  ),
  deleteEdition: method('deleteEdition', z.object({ id: Id }).strict(), z.object({ id: Id })),
  /**
   * Waits (at most timeoutMs) until the edition's file is not the one saved at `since` (a
   * change from another desk written by the newsroom sync, or a save) and returns it; null
   * when nothing changed in that time. A page layout open with a newsroom follows it live.
   */
  watchEdition: method(
    'watchEdition',
    z.object({ id: Id, since: Edition.shape.updatedAt, timeoutMs: z.number().int().min(0).max(25_000) }).strict(),
    z.object({ edition: Edition.nullable() }),
  ),
  /**
   * The export dialog has opened on an edition: the host readies the exporters in the
   * background (modules, EPUBCheck started and kept warm for some minutes, the edition's pages
   * set for the PDF) so the export that follows is quicker.
   */
  prepareExport: method('prepareExport', z.object({ editionId: Id }).strict(), z.object({ preparing: z.boolean() })),
  /** Exports an edition in the background, into a new folder; poll getExportStatus for progress. */
  startExport: method('startExport', StartExportInput, z.object({ jobId: ExportJobId })),
  getExportStatus: method('getExportStatus', z.object({ jobId: ExportJobId }).strict(), ExportJobStatus),
  cancelExport: method(
    'cancelExport',
    z.object({ jobId: ExportJobId }).strict(),
    z.object({ jobId: ExportJobId, cancelled: z.boolean() }),
  ),
  /** Shows a finished export's folder in the system's file manager (the desktop app only). */
  openExportFolder: method(
    'openExportFolder',
    z.object({ jobId: ExportJobId }).strict(),
    z.object({ opened: z.boolean() }),
  ),
  /** Several stories at once, for laying out a page; ids not in the library are left out. */
  getStories: method('getStories', z.object({ ids: z.array(Id).max(2000) }).strict(), z.array(Story)),
  listBackups: method('listBackups', NoInput, BackupList),
  createBackup: method('createBackup', NoInput, BackupInfo),
  restoreBackup: method(
    'restoreBackup',
    z.object({ name: z.string().min(1).max(255) }).strict(),
    z.object({ restoredStories: z.number().int().nonnegative() }),
  ),
  /** Proofing (校对): the house lists kept in the library's proofing/ folder, as plain text. */
  getProofingLists: method('getProofingLists', NoInput, HouseListsSchema),
  saveProofingList: method(
    'saveProofingList',
    z.object({ list: HouseListName, text: HouseListsSchema.shape.names }).strict(),
    HouseListsSchema,
  ),
  saveProofingSettings: method('saveProofingSettings', ProofingSettingsSchema.strict(), HouseListsSchema),
  /** Adds one entry to a house list: a word to the dictionary, or `wrong→right|reason` to another list. */
  addProofingEntry: method(
    'addProofingEntry',
    z.object({ list: HouseListName, entry: z.string().trim().min(1).max(400) }).strict(),
    HouseListsSchema,
  ),
  /** A Hunspell dictionary's files, for the renderer's own spelling checker. */
  getSpellingDictionary: method(
    'getSpellingDictionary',
    z.object({ variant: ProofingSettingsSchema.shape.englishVariant }).strict(),
    z.object({ aff: z.string(), dic: z.string() }),
  ),
  /** What "ignore in this story" remembers for a story (finding keys: rule and text). */
  getProofingIgnored: method('getProofingIgnored', z.object({ storyId: Id }).strict(), z.array(z.string())),
  setProofingIgnored: method(
    'setProofingIgnored',
    z.object({ storyId: Id, key: z.string().min(1).max(400), ignored: z.boolean() }).strict(),
    z.array(z.string()),
  ),
  /** Proofs a saved story with the house lists (what the CLI and preflight see). */
  getStoryProofing: method('getStoryProofing', z.object({ id: Id }).strict(), StoryProofing),
  /** Proofs every story placed in an edition: counts per story and for the edition. */
  getEditionProofing: method('getEditionProofing', z.object({ editionId: Id }).strict(), EditionProofing),
  /**
   * Live co-editing (issue 20): the window's copy of a story's Yjs document kept in step with
   * the newsroom sync's (shared/collab/collab-contract.ts). Open gives its state (live: false
   * without a newsroom), push brings edits and the caret, pull waits for what is new.
   */
  collabOpen: method('collabOpen', CollabOpenInput, CollabOpenOutput),
  collabPush: method('collabPush', CollabPushInput, CollabPushOutput),
  collabPull: method('collabPull', CollabPullInput, CollabPullOutput),
  collabClose: method('collabClose', CollabOpenInput, z.object({})),
  /** The newsroom (issue 19): 'off' without one; online/offline, changes waiting, presence. */
  newsroomStatus: method('newsroomStatus', NoInput, NewsroomStatus),
  newsroomConnect: method('newsroomConnect', NewsroomConnectInput, NewsroomStatus),
  newsroomDisconnect: method('newsroomDisconnect', NoInput, NewsroomStatus),
  /** Push and pull now. */
  newsroomSync: method('newsroomSync', NoInput, NewsroomSyncResult),
  /** What this window has open (story ids), shown to the others as presence. */
  newsroomSetOpen: method(
    'newsroomSetOpen',
    z.object({ ids: z.array(z.string().max(200)).max(200) }).strict(),
    z.object({}),
  ),
  /** Newsroom stories this machine does not hold (from the catalogue), for the library list. */
  listNewsroomStories: method('listNewsroomStories', NoInput, z.array(NewsroomStoryRow)),
  /** Brings a newsroom story onto this machine (kept offline from now on) and returns it. */
  newsroomOpenStory: method('newsroomOpenStory', z.object({ id: Id }).strict(), Story),
  newsroomDismissNotices: method('newsroomDismissNotices', NoInput, z.object({})),
  /** What this machine keeps offline besides the user's own stories: sections, and days an opened story stays. */
  newsroomSetKeep: method('newsroomSetKeep', NewsroomKeepInput, NewsroomStatus),
} as const satisfies { readonly [M in ChannelName]?: { channel: (typeof channels)[M] } };

export type Contract = typeof contract;

/** The host's side: the methods it answers, and which one a channel names. */
export const methodNames = Object.keys(contract) as MethodName[];
export const methodForChannel = (channel: string): MethodName | undefined =>
  methodNames.find((m) => contract[m].channel === channel);

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
  watchEdition: 'none',
  // Starts helpers (EPUBCheck) in the background; writes nothing.
  prepareExport: 'none',
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
  collabOpen: 'none',
  // An edit goes into the story's Yjs state and, a moment later, its file.
  collabPush: 'library',
  collabPull: 'none',
  collabClose: 'none',
  newsroomStatus: 'none',
  // Signing in and out keeps the servers in the machine's settings and the token beside them.
  newsroomConnect: 'app',
  newsroomDisconnect: 'app',
  newsroomSync: 'library',
  newsroomSetOpen: 'none',
  listNewsroomStories: 'none',
  newsroomOpenStory: 'library',
  newsroomDismissNotices: 'none',
  // The sections and days are machine settings, outside any library.
  newsroomSetKeep: 'app',
};

/** Failures cross the boundary as data, with a code the renderer translates. */
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;
