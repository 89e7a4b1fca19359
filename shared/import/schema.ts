import { z } from 'zod';
import { StoryLanguage, StoryStatus } from '../model';
import { MAX_FILE_BASE64 } from '../limits';

export const PartRole = z.enum([
  'kicker',
  'headline',
  'subheadline',
  'dateline',
  'byline',
  'paragraph',
  'crosshead',
  'jump',
  'photo',
  'unplaced',
]);

const InlineRun = z.object({
  type: z.literal('text'),
  text: z.string().max(200_000),
  marks: z
    .array(
      z.union([
        z.object({ type: z.enum(['bold', 'italic']) }).strict(),
        z
          .object({
            type: z.literal('link'),
            attrs: z.object({
              href: z
                .string()
                .max(2000)
                .regex(/^(https?:|mailto:)/i),
            }),
          })
          .strict(),
      ]),
    )
    .max(3)
    .optional(),
});

export const ImportPart = z.object({
  role: PartRole,
  text: z.string().max(200_000),
  raw: z.string().max(400_000),
  line: z.number().int().nonnegative(),
  image: z.string().max(MAX_FILE_BASE64).optional(),
  credit: z.string().max(500).optional(),
  inline: z.array(InlineRun).max(5000).optional(),
  contributors: z
    .array(
      z.object({
        name: z.string().max(120),
        role: z.string().max(40),
        title: z.string().max(120).optional(),
      }),
    )
    .max(40)
    .optional(),
});

export const ImportWarning = z.object({
  line: z.number().int().nonnegative(),
  code: z.enum([
    'no-headline',
    'extra-heading',
    'joined-mid-sentence',
    'starts-mid-sentence',
    'ends-mid-sentence',
    'fragment',
    'crosshead-or-paragraph',
    'image-without-source',
    'encoding-guessed',
    'tracked-changes',
    'comments-dropped',
    'unknown-style',
  ]),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  message: z.string(),
  text: z.string(),
});

export const ImportedStory = z.object({
  language: StoryLanguage,
  parts: z.array(ImportPart).max(20_000),
  warnings: z.array(ImportWarning),
});

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const ParsedFile = z.object({
  name: z.string(),
  stories: z.array(ImportedStory),
  /** About the file as a whole: tracked changes accepted, comments dropped, encoding guessed. */
  warnings: z.array(ImportWarning),
  /** The SHA-256 of the file's bytes (computed by the service): what the stories are recorded against. */
  sha256: Sha256.optional(),
  /**
   * Set when these very bytes were imported into this library before: when (the first time)
   * and the stories made, so the preview asks before making them again.
   */
  importedBefore: z
    .object({ at: z.string(), stories: z.array(z.object({ id: z.string(), headline: z.string() })) })
    .nullable()
    .optional(),
});
export type ParsedFile = z.infer<typeof ParsedFile>;

export const ImportCommit = z.object({
  stories: z
    .array(
      ImportedStory.extend({
        section: z.string().max(60),
        status: StoryStatus,
        source: z.string().max(255),
        /** The source file's SHA-256 from the preview: the story is recorded against it (imports/). */
        sourceSha256: Sha256.optional(),
      }),
    )
    .min(1)
    .max(1000),
});
export type ImportCommit = z.infer<typeof ImportCommit>;
