import { z } from 'zod';
import { Id, IsoDateTime } from '../model/common';
import { EditionSummary } from '../model/edition';
import { StoryRow, StorySummary } from '../model/story';
import { DeskRole } from '../model/workflow';

/**
 * The newsroom's wire contract, shared by the server (electron/newsroom/server) and the
 * desktop (electron/newsroom/client): document names, the layout of each Y.Doc, the HTTP
 * routes and their bodies. See docs/newsroom.md. Names here are part of stored documents:
 * add new ones, never rename.
 */

// ---------------------------------------------------------------- documents

/** The document the server writes from every story and edition: read-only for clients. */
export const CATALOGUE_DOCUMENT = 'catalogue';
const STORY_PREFIX = 'story:';
const EDITION_PREFIX = 'edition:';

export const storyDocumentName = (id: string): string => `${STORY_PREFIX}${id}`;
export const editionDocumentName = (id: string): string => `${EDITION_PREFIX}${id}`;

export type DocumentRef = { kind: 'catalogue' } | { kind: 'story'; id: string } | { kind: 'edition'; id: string };

/** What a document name stands for; null for a name the newsroom has no document of. */
export function parseDocumentName(name: string): DocumentRef | null {
  if (name === CATALOGUE_DOCUMENT) return { kind: 'catalogue' };
  for (const [prefix, kind] of [
    [STORY_PREFIX, 'story'],
    [EDITION_PREFIX, 'edition'],
  ] as const) {
    if (!name.startsWith(prefix)) continue;
    const id = name.slice(prefix.length);
    return Id.safeParse(id).success ? { kind, id } : null;
  }
  return null;
}

/** `catalogue`: Y.Map 'stories' (id → CatalogueStory), Y.Map 'editions' (id → CatalogueEdition). */
export const CATALOGUE_KEYS = { stories: 'stories', editions: 'editions' } as const;

/**
 * `story:<id>`. Top-level Y.Text per text field (`doc.getText('headline')`), so two people
 * typing in one field merge; plain values in the maps, where the later write wins.
 */
export const STORY_KEYS = {
  /** Y.Map: STORY_META_KEYS, written once when the story is created. */
  meta: 'meta',
  /** Y.Map: STORY_FIELD_KEYS. */
  fields: 'fields',
  /** Y.Array of { kind, name }. */
  tags: 'tags',
  /** Y.Array of StatusChange. */
  statusHistory: 'statusHistory',
  /** Y.XmlFragment in y-prosemirror's layout with the editor schema of shared/editor. */
  body: 'body',
  /** Y.Map { by, at } when the story was deleted (a tombstone). */
  deleted: 'deleted',
} as const;

/** The story's text fields, each a top-level Y.Text of that name. */
export const STORY_TEXT_FIELDS = ['kicker', 'headline', 'subheadline', 'byline', 'dateline', 'notes', 'slug'] as const;
export type StoryTextField = (typeof STORY_TEXT_FIELDS)[number];

/** Keys of the story's Y.Map 'meta'. */
export const STORY_META_KEYS = ['id', 'schemaVersion', 'createdAt', 'createdBy', 'language'] as const;

/** Keys of the story's Y.Map 'fields'. */
export const STORY_FIELD_KEYS = [
  'section',
  'status',
  'targetLength',
  'fit',
  'contributors',
  'updatedAt',
  'updatedBy',
] as const;

/** Keys of the story's Y.Map 'deleted'. */
export const DELETED_KEYS = { by: 'by', at: 'at' } as const;

/**
 * `edition:<id>`: Y.Map 'edition' (scalar fields and `templates`, JSON values); Y.Array 'pages'
 * of Y.Map (page fields) whose 'placements' is a Y.Map keyed by placement id of Y.Map.
 */
export const EDITION_KEYS = { edition: 'edition', pages: 'pages', placements: 'placements' } as const;

// ---------------------------------------------------------------- catalogue entries

export const Tombstone = z.object({ by: z.string(), at: IsoDateTime });
export type Tombstone = z.infer<typeof Tombstone>;

/** A story in the catalogue: its list row plus slug and creation time; deleted when tombstoned. */
export const CatalogueStory = StoryRow.omit({ unreadable: true }).extend({
  slug: StorySummary.shape.slug,
  createdAt: IsoDateTime.optional(),
  deleted: Tombstone.optional(),
});
export type CatalogueStory = z.infer<typeof CatalogueStory>;

export const CatalogueEdition = EditionSummary;
export type CatalogueEdition = z.infer<typeof CatalogueEdition>;

/**
 * Awareness on `catalogue`: who is online and what they have open (story and edition ids,
 * `page:<editionId>:<pageId>` for pages).
 */
export const Presence = z.object({
  user: z.object({ name: z.string(), role: DeskRole, color: z.string() }),
  open: z.array(z.string()),
});
export type Presence = z.infer<typeof Presence>;

// ---------------------------------------------------------------- HTTP

/** The server's HTTP routes, on the same port as the websocket. */
export const ROUTES = {
  login: '/api/login',
  logout: '/api/logout',
  me: '/api/me',
  health: '/api/health',
  /** `PUT|GET /api/assets/<sha256 hex>`: content-addressed photos. */
  assets: '/api/assets/',
} as const;

export const assetRoute = (sha256: string): string => `${ROUTES.assets}${sha256}`;
export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The port `masthead newsroom serve` listens on without --port. */
export const DEFAULT_NEWSROOM_PORT = 7437;

export const NewsroomUser = z.object({ name: z.string(), role: DeskRole });
export type NewsroomUser = z.infer<typeof NewsroomUser>;

export const LoginRequest = z.object({ name: z.string().min(1).max(120), password: z.string().min(1).max(1024) });
export type LoginRequest = z.infer<typeof LoginRequest>;

/** `POST /api/login` → 200 LoginResponse, 401 ErrorResponse. Send the token as `Authorization: Bearer`. */
export const LoginResponse = z.object({ token: z.string(), expiresAt: IsoDateTime, user: NewsroomUser });
export type LoginResponse = z.infer<typeof LoginResponse>;

/** `GET /api/me` → the signed-in user and when the session ends. */
export const MeResponse = z.object({ user: NewsroomUser, expiresAt: IsoDateTime });
export type MeResponse = z.infer<typeof MeResponse>;

/** `GET /api/health` (no token). */
export const HealthResponse = z.object({
  ok: z.boolean(),
  server: z.literal('masthead-newsroom'),
  version: z.number(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

/** `PUT /api/assets/<sha256>` → AssetStored. */
export const AssetStored = z.object({ sha256: z.string(), size: z.number().int().nonnegative() });
export type AssetStored = z.infer<typeof AssetStored>;

/** Every non-2xx answer: a message a person can read. */
export const ErrorResponse = z.object({ error: z.string() });
export type ErrorResponse = z.infer<typeof ErrorResponse>;

/** The protocol's version, sent by /api/health; raised only when a change is not additive. */
export const NEWSROOM_PROTOCOL_VERSION = 1;
