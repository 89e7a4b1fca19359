import { z } from 'zod';
import { Id, IsoDateTime, SCHEMA_VERSION } from './common';
import { StoryFields } from './story';

/**
 * A snapshot in a story's history. Saves by the same author close together coalesce, at most
 * five minutes of them to a snapshot, so history reads as stretches of work, not keystrokes.
 * A 'checkpoint' is a version the writer saved on purpose (Ctrl/⌘+S), perhaps with a name.
 */
export const RevisionKind = z.enum(['edit', 'restore', 'create', 'import', 'checkpoint']);

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
  /** A checkpoint's name, as the writer gave it. */
  name: z.string().max(120).optional(),
  /** The workflow status moved in this snapshot's save (to the story's status then). */
  statusChanged: z.boolean().optional(),
  /**
   * The saves came from another desk (the newsroom's sync, live co-editing): they coalesce with
   * each other by author like local ones, never with this desk's own session.
   */
  fromElsewhere: z.boolean().optional(),
});
export type RevisionMeta = z.infer<typeof RevisionMeta>;

export const RevisionSnapshot = RevisionMeta.extend({
  schemaVersion: z.literal(SCHEMA_VERSION),
  storyId: Id,
  fields: StoryFields,
});
export type RevisionSnapshot = z.infer<typeof RevisionSnapshot>;
