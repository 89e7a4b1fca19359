import type { z } from 'zod';
import type { Contract } from './contract';

/**
 * Each method's IPC channel (also its HTTP path in the web host): all the renderer and the
 * preload need of the contract at run time. Kept apart from the zod schemas (contract.ts),
 * which the hosts parse with, so the window's first bundle carries no zod: the renderer only
 * sends and receives, and every input and output is parsed on the host's side anyway.
 * contract.ts gives each method's schemas under the name it has here (a method must have its
 * channel here to compile there).
 */
export const channels = {
  getAppInfo: 'app:get-info',
  getSettings: 'settings:get',
  updateSettings: 'settings:update',
  chooseLibraryFolder: 'library:choose-folder',
  listStories: 'library:list-stories',
  listRecentStories: 'library:list-recent-stories',
  getStory: 'library:get-story',
  createStory: 'library:create-story',
  saveStory: 'library:save-story',
  trashStory: 'library:trash-story',
  listTrash: 'library:list-trash',
  restoreStory: 'library:restore-story',
  listRevisions: 'history:list-revisions',
  getRevision: 'history:get-revision',
  restoreRevision: 'history:restore-revision',
  markRevision: 'history:mark-revision',
  searchStories: 'search:query-stories',
  listTags: 'library:list-tags',
  suggestTags: 'text:suggest-tags',
  importAsset: 'assets:import-image',
  parseImport: 'import:parse-file',
  commitImport: 'import:commit-stories',
  listEditions: 'library:list-editions',
  listStoryPlaces: 'library:list-story-places',
  getEdition: 'library:get-edition',
  createEdition: 'library:create-edition',
  saveEdition: 'library:save-edition',
  deleteEdition: 'library:delete-edition',
  watchEdition: 'library:watch-edition',
  prepareExport: 'export:prepare',
  startExport: 'export:start-export',
  getExportStatus: 'export:get-status',
  cancelExport: 'export:cancel-export',
  openExportFolder: 'export:open-folder',
  getStories: 'library:get-stories',
  listBackups: 'backups:list',
  createBackup: 'backups:create',
  restoreBackup: 'backups:restore',
  getProofingLists: 'proofing:get-lists',
  saveProofingList: 'proofing:save-list',
  saveProofingSettings: 'proofing:save-settings',
  addProofingEntry: 'proofing:add-entry',
  getSpellingDictionary: 'proofing:get-dictionary',
  getProofingIgnored: 'proofing:get-ignored',
  setProofingIgnored: 'proofing:set-ignored',
  getStoryProofing: 'proofing:get-story',
  getEditionProofing: 'proofing:get-edition',
  collabOpen: 'collab:open',
  collabPush: 'collab:push',
  collabPull: 'collab:pull',
  collabClose: 'collab:close',
  newsroomStatus: 'newsroom:status',
  newsroomConnect: 'newsroom:connect',
  newsroomDisconnect: 'newsroom:disconnect',
  newsroomSync: 'newsroom:sync',
  newsroomSetOpen: 'newsroom:set-open',
  listNewsroomStories: 'newsroom:list-stories',
  newsroomOpenStory: 'newsroom:open-story',
  newsroomDismissNotices: 'newsroom:dismiss-notices',
  newsroomSetKeep: 'newsroom:set-keep',
} as const;

/** What contract.ts's methods are named by. */
export type ChannelName = keyof typeof channels;
export type MethodName = Extract<keyof Contract, ChannelName>;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

/** The methods the renderer's API offers (the host answers those of contract.ts). */
const apiMethods = Object.keys(channels) as MethodName[];

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

/** Failures cross the boundary as data, with a code the renderer translates. */
export const ERROR_CODES = [
  'invalid-input',
  'not-found',
  'conflict',
  'forbidden',
  'unsupported',
  'io',
  'internal',
  /** The library is held by another running Masthead and is open read-only here. */
  'read-only',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const isErrorCode = (code: unknown): code is ErrorCode => (ERROR_CODES as readonly unknown[]).includes(code);

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** For invalid input: where in the payload the problem is. */
  issues?: { path: string; message: string }[];
}

/** What every call answers, over either transport. */
export type Envelope = { ok: true; value: unknown } | { ok: false; error: ApiError };

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

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function isApiError(error: unknown): error is ApiError {
  if (!isRecord(error) || !isErrorCode(error.code) || typeof error.message !== 'string') return false;
  const { issues } = error;
  return (
    issues === undefined ||
    (Array.isArray(issues) &&
      issues.every((issue) => isRecord(issue) && typeof issue.path === 'string' && typeof issue.message === 'string'))
  );
}

/** Turns an envelope from either transport into a value or a thrown MastheadError. */
export function unwrapEnvelope(raw: unknown): unknown {
  if (isRecord(raw)) {
    if (raw.ok === true) return raw.value;
    if (raw.ok === false && isApiError(raw.error)) {
      const { code, message, issues } = raw.error;
      throw new MastheadError(code, message, issues);
    }
  }
  throw new MastheadError('internal', 'malformed reply from the host');
}

/** Builds the API from one transport function; used by the preload and the web client. */
export function createApi(send: (method: MethodName, input: unknown) => Promise<unknown>): MastheadApi {
  const api: Record<string, (input?: unknown) => Promise<unknown>> = {};
  for (const m of apiMethods) {
    api[m] = async (input?: unknown) => unwrapEnvelope(await send(m, input));
  }
  return api as MastheadApi;
}
