import { z } from 'zod';
import { Id, IsoDateTime, Line, SCHEMA_VERSION, StoryLanguage } from './common';
import { STORY_STATUSES } from './story-status';

/**
 * A TipTap/ProseMirror JSON node. The shape is checked here; which node types are
 * allowed is the editor schema's job (shared/editor).
 */
export interface DocNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: DocNode[];
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  text?: string;
}

export const DocNode: z.ZodType<DocNode> = z.lazy(() =>
  z.object({
    type: z.string().min(1).max(64),
    attrs: z.record(z.string(), z.unknown()).optional(),
    content: z.array(DocNode).optional(),
    marks: z
      .array(
        z.object({
          type: z.string().min(1).max(64),
          attrs: z.record(z.string(), z.unknown()).optional(),
        }),
      )
      .optional(),
    text: z.string().optional(),
  }),
);

export const StoryBody = z.object({
  type: z.literal('doc'),
  content: z.array(DocNode).optional(),
});
export type StoryBody = z.infer<typeof StoryBody>;

export const emptyBody = (): StoryBody => ({ type: 'doc', content: [{ type: 'paragraph' }] });

/** The desk workflow. `spiked` (撤稿) is a state a story can be restored from. */
export const StoryStatus = z.enum(STORY_STATUSES);
export type StoryStatus = z.infer<typeof StoryStatus>;

export const TagKind = z.enum(['person', 'organisation', 'place', 'topic', 'keyword']);
export type TagKind = z.infer<typeof TagKind>;

export const Tag = z.object({
  kind: TagKind,
  name: Line(120).pipe(z.string().trim().min(1)),
});
export type Tag = z.infer<typeof Tag>;

/** Chinese copy is measured in characters (字), English copy in words. */
export const TargetLength = z.object({
  unit: z.enum(['chars', 'words']),
  value: z.number().int().positive().max(100_000),
});
export type TargetLength = z.infer<typeof TargetLength>;

/** One change of workflow status: who moved the story where, and when. */
export const StatusChange = z.object({
  status: StoryStatus,
  by: z.string().max(120),
  at: z.iso.datetime({ offset: true }),
  /**
   * Why, where the desk did not choose the move: 'restore' (an older version's text came back;
   * the status stays, and `snapshot` says which), 'edited-after-approval' (a signed-off story
   * was changed, so it needs signing off again).
   */
  event: z.enum(['restore', 'edited-after-approval']).optional(),
  snapshot: z.number().int().positive().optional(),
});
export type StatusChange = z.infer<typeof StatusChange>;

/**
 * The block the desk gave the story, for copyfit while writing: a page template (from
 * shared/model/templates) and N columns × L body lines.
 */
export const FitBlock = z.object({
  templateId: z.string().min(1).max(64),
  columns: z.number().int().min(1).max(20),
  lines: z.number().int().min(1).max(2000),
});
export type FitBlock = z.infer<typeof FitBlock>;

/**
 * What a contributor did, from the role printed before their name: 记者 / By a reporter,
 * 通讯员 a correspondent, 摄影 a photographer, 实习生 an intern, 编译 a translator.
 */
export const ContributorRole = z.enum(['reporter', 'correspondent', 'photographer', 'intern', 'translator', 'writer']);
export type ContributorRole = z.infer<typeof ContributorRole>;

/** A person the byline names (本报讯(记者 何晓东 通讯员 王磊)), so exports can name each creator. */
export const Contributor = z.object({
  name: Line(120).pipe(z.string().trim().min(1)),
  role: ContributorRole,
  /** The role or title as printed: 记者, 通讯员, Staff Writer. */
  label: Line(120).default(''),
});
export type Contributor = z.infer<typeof Contributor>;

/** The role a printed role word stands for; a byline without one names reporters. */
export function contributorRole(printed: string): ContributorRole {
  if (/通讯员|correspondent/iu.test(printed)) return 'correspondent';
  if (/摄影|photo/iu.test(printed)) return 'photographer';
  if (/实习|intern/iu.test(printed)) return 'intern';
  if (/编译|translat/iu.test(printed)) return 'translator';
  if (/撰稿|writer|columnist/iu.test(printed)) return 'writer';
  return 'reporter';
}

/**
 * The contributors that still stand in the byline: an editor who rewrites the byline after
 * import changes who is credited, and a name no longer in it is not exported.
 */
export const creditedContributors = (story: { byline: string; contributors?: Contributor[] }): Contributor[] =>
  (story.contributors ?? []).filter((c) => story.byline.includes(c.name));

/** The fields an editor writes; everything a save may change. */
export const StoryFields = z.object({
  slug: Line(120),
  section: Line(60),
  status: StoryStatus,
  /** 引题 */
  kicker: Line(200),
  /** 主题 */
  headline: Line(300),
  /** 副题 */
  subheadline: Line(300),
  byline: Line(200),
  /** The people the byline names, each with their role. Absent in stories from before it existed. */
  contributors: z.array(Contributor).max(40).optional(),
  /** 电头 */
  dateline: Line(200),
  body: StoryBody,
  tags: z.array(Tag).max(200),
  targetLength: TargetLength.nullable(),
  /** Internal notes: never printed, never exported. */
  notes: z.string().max(20_000),
  language: StoryLanguage,
  fit: FitBlock.nullable().default(null),
});
export type StoryFields = z.infer<typeof StoryFields>;

export const Story = StoryFields.extend({
  schemaVersion: z.literal(SCHEMA_VERSION),
  id: Id,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  /** Increases by one on every save; a save names the revision it was based on. */
  revision: z.number().int().nonnegative(),
  createdBy: z.string().max(120).default(''),
  updatedBy: z.string().max(120).default(''),
  /** Every workflow status change, oldest first. Written by the library, never by a save. */
  statusHistory: z.array(StatusChange).default([]),
});
export type Story = z.infer<typeof Story>;
export type StoryInput = z.input<typeof Story>;

/** What the library list shows, kept in the index so the list never reads story files. */
export const StorySummary = z.object({
  id: Id,
  slug: z.string(),
  section: z.string(),
  status: StoryStatus,
  kicker: z.string(),
  headline: z.string(),
  language: StoryLanguage,
  charCount: z.number().int().nonnegative(),
  wordCount: z.number().int().nonnegative(),
  updatedAt: IsoDateTime,
  revision: z.number().int().nonnegative(),
  byline: z.string().default(''),
  tags: z.array(Tag).default([]),
  createdAt: IsoDateTime.optional(),
  createdBy: z.string().default(''),
  updatedBy: z.string().default(''),
  /**
   * The story file as the library last wrote it (size and mtime): at open, a file that still
   * matches is known good without being read. Absent in older indexes: the file is read.
   */
  file: z.object({ size: z.number().int().nonnegative(), mtimeMs: z.number() }).optional(),
});
export type StorySummary = z.infer<typeof StorySummary>;

/**
 * A row of the library's list: what its table, filters and sort use, and nothing else (no
 * slug, revision, creation time or file record), so 10,000 of them are quick to check, send
 * and read when the window opens.
 */
export const StoryRow = StorySummary.pick({
  id: true,
  headline: true,
  kicker: true,
  section: true,
  status: true,
  language: true,
  charCount: true,
  wordCount: true,
  updatedAt: true,
  byline: true,
  tags: true,
  createdBy: true,
  updatedBy: true,
}).extend({
  /**
   * Set on a story file this Masthead cannot read because a newer one wrote it: listed so it
   * is not silently missing, never opened, edited or written (update Masthead to open it).
   */
  unreadable: z.literal('newer-version').optional(),
});
export type StoryRow = z.infer<typeof StoryRow>;
