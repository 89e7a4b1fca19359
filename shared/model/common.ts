import { z } from 'zod';

/** Every file Masthead writes carries the schema version it was written with. */
export const SCHEMA_VERSION = 1;

export const IsoDateTime = z.iso.datetime({ offset: true });

/** Ids are opaque, file-name safe strings (UUIDs in practice). */
export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'ids may hold only letters, digits, "-" and "_"');
export type Id = z.infer<typeof Id>;

/** Story and UI languages. Stories use BCP 47 tags as they are printed into exports. */
export const StoryLanguage = z.enum(['zh-Hans', 'en']);
export type StoryLanguage = z.infer<typeof StoryLanguage>;

/** A single line of text: headline fields, bylines, slugs. */
export const Line = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !/[\r\n]/.test(s), 'must be a single line');
