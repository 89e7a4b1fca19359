import { z } from 'zod';
import { Id, IsoDateTime, SCHEMA_VERSION } from './common';
import { StoryFields } from './story';

/**
 * A snapshot in a story's history. Saves by the same author close together coalesce into
 * one snapshot per editing session, so history reads as sessions, not keystrokes.
 */
export const RevisionKind = z.enum(['edit', 'restore', 'create', 'import']);

export const RevisionMeta = z.object({
  /** Sequence number within the story's history, from 1. */
  snapshot: z.number().int().positive(),
  /** The story revision this snapshot holds. */
  revision: z.number().int().nonnegative(),
  kind: RevisionKind,
  author: z.string().max(120),
  /** When the session started and when it last saved. */
  startedAt: IsoDateTime,
  savedAt: IsoDateTime,
  /** Saves coalesced into this snapshot. */
  saves: z.number().int().positive(),
  headline: z.string(),
  charCount: z.number().int().nonnegative(),
  wordCount: z.number().int().nonnegative(),
  /** For a restore: the snapshot restored. */
  restoredFrom: z.number().int().positive().nullable(),
});
export type RevisionMeta = z.infer<typeof RevisionMeta>;

export const RevisionSnapshot = RevisionMeta.extend({
  schemaVersion: z.literal(SCHEMA_VERSION),
  storyId: Id,
  fields: StoryFields,
});
export type RevisionSnapshot = z.infer<typeof RevisionSnapshot>;
