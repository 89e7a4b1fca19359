import { z } from 'zod';
import { Id, IsoDateTime, Line, SCHEMA_VERSION } from './common';

const Millimetres = z.number().positive().max(2000);

/** A page template: the paper, the margins and the column grid the body type sits on. */
export const PageTemplate = z.object({
  id: Id,
  name: Line(80),
  paper: z.object({ widthMm: Millimetres, heightMm: Millimetres }),
  margins: z.object({
    topMm: z.number().nonnegative().max(500),
    rightMm: z.number().nonnegative().max(500),
    bottomMm: z.number().nonnegative().max(500),
    leftMm: z.number().nonnegative().max(500),
  }),
  columns: z.number().int().min(1).max(20),
  gutterMm: z.number().nonnegative().max(50),
  bodyFont: Line(120),
  bodySizePt: z.number().positive().max(72),
  leadingPt: z.number().positive().max(144),
  /** Body characters per column line: kept whole so Chinese text sits on a character grid. */
  charsPerLine: z.number().int().positive().max(200),
});
export type PageTemplate = z.infer<typeof PageTemplate>;

export const PlacementKind = z.enum(['story', 'photo', 'ad', 'placeholder']);

/** A block on the page grid, in columns (0-based) and body lines (0-based). */
export const Placement = z.object({
  id: Id,
  kind: PlacementKind,
  storyId: Id.nullable(),
  column: z.number().int().nonnegative(),
  span: z.number().int().positive(),
  line: z.number().int().nonnegative(),
  lines: z.number().int().positive(),
  label: Line(200),
  /** A photo block's picture (an asset id of the library) and its caption and credit. */
  asset: z.string().max(200).optional(),
  caption: z.string().max(2000).optional(),
  credit: Line(200).optional(),
  /** A jump block (转版): the story continues here from its other blocks, never starts here. */
  continuation: z.boolean().optional(),
});
export type Placement = z.infer<typeof Placement>;

export const Page = z.object({
  id: Id,
  number: z.number().int().positive(),
  /** 要闻, 经济, 国际 … */
  section: Line(60),
  templateId: Id,
  placements: z.array(Placement),
});
export type Page = z.infer<typeof Page>;

export const Edition = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  id: Id,
  publication: Line(120),
  /** The publication date, YYYY-MM-DD. */
  date: z.iso.date(),
  issueNumber: z.number().int().nonnegative(),
  pages: z.array(Page),
  templates: z.array(PageTemplate),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Edition = z.infer<typeof Edition>;

export const EditionSummary = Edition.pick({
  id: true,
  publication: true,
  date: true,
  issueNumber: true,
  updatedAt: true,
}).extend({ pageCount: z.number().int().nonnegative() });
export type EditionSummary = z.infer<typeof EditionSummary>;

export const summariseEdition = (edition: Edition): EditionSummary => ({
  id: edition.id,
  publication: edition.publication,
  date: edition.date,
  issueNumber: edition.issueNumber,
  updatedAt: edition.updatedAt,
  pageCount: edition.pages.length,
});

/** What the desk gives to start an edition: its first pages take the named template. */
export const NewEdition = z.object({
  publication: Line(120).pipe(z.string().trim().min(1)),
  date: z.iso.date(),
  issueNumber: z.number().int().nonnegative(),
  templateId: Id,
  pageCount: z.number().int().min(1).max(200).default(4),
  /** Section names for the first pages, in order; the rest stay empty. */
  sections: z.array(Line(60)).max(200).default([]),
});
export type NewEdition = z.infer<typeof NewEdition>;
