import { z } from 'zod';
import { DeskRole } from '../model/workflow';
import { CatalogueStory } from '../newsroom/protocol';

/** The newsroom as the window sees it (issue 19): the header's status, Settings → Newsroom, the library's rows. */

/** Something the sync did that the user should know: a story back from the trash, a value put in history. */
export const NewsroomNotice = z.object({
  kind: z.enum(['restored', 'overruled']),
  storyId: z.string(),
  headline: z.string(),
  /** Who made the change the notice is about, and when. */
  by: z.string(),
  at: z.string(),
  /** For 'overruled': the field whose value from elsewhere went to history. */
  field: z.string().optional(),
});
export type NewsroomNotice = z.infer<typeof NewsroomNotice>;

export const NewsroomStatus = z.object({
  /** 'off': no newsroom on this machine (single-desk use); 'signed-out': a server is set but no valid session. */
  state: z.enum(['off', 'online', 'connecting', 'offline', 'signed-out']),
  servers: z.array(z.string()),
  user: z.string().nullable(),
  role: DeskRole.nullable(),
  /** The server the connection is on (or trying). */
  server: z.string().nullable(),
  changesWaiting: z.number().int().nonnegative(),
  /** Of those, stories the server keeps read-only for this user: they cannot go out from this account. */
  changesRefused: z.number().int().nonnegative(),
  serverStoryCount: z.number().int().nonnegative().nullable(),
  error: z.string().nullable(),
  notices: z.array(NewsroomNotice),
  /** Story id → the other people who have it open now. */
  presence: z.record(z.string(), z.array(z.string())),
  /** Whether this library is kept read-only here (another Masthead holds it): then nothing syncs. */
  paused: z.boolean(),
  /** Counts the newsroom's writes into the library: when it moves, the library list is read again. */
  libraryWrites: z.number().int().nonnegative(),
  /** Kept offline besides the user's own stories: these sections, and stories opened in the last keepDays days. */
  keepSections: z.array(z.string()),
  keepDays: z.number().int().nonnegative(),
});
export type NewsroomStatus = z.infer<typeof NewsroomStatus>;

export const NewsroomConnectInput = z
  .object({
    servers: z.array(z.string().trim().min(1).max(2048)).min(1).max(10),
    user: z.string().trim().min(1).max(120),
    password: z.string().min(1).max(1024),
  })
  .strict();
export type NewsroomConnectInput = z.infer<typeof NewsroomConnectInput>;

/** A newsroom story this machine does not hold: a row of the library list, opened on demand. */
export const NewsroomStoryRow = CatalogueStory;
export type NewsroomStoryRow = z.infer<typeof NewsroomStoryRow>;

export const NewsroomKeepInput = z
  .object({
    keepSections: z.array(z.string().trim().min(1).max(60)).max(200),
    keepDays: z.number().int().min(0).max(365),
  })
  .strict();
export type NewsroomKeepInput = z.infer<typeof NewsroomKeepInput>;

export const NewsroomSyncResult = z.object({ pushed: z.number().int(), stories: z.number().int() });
