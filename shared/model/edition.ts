import { z } from 'zod';
import { Id, IsoDateTime, Line, SCHEMA_VERSION } from './common';

const Millimetres = z.number().positive().max(2000);

/** The rank of a story on its page, which sets its headline's size: 头条, 二条, 倒头条, 简讯 … */
export const StoryRank = z.enum(['lead', 'second', 'third', 'bottom', 'brief']);
export type StoryRank = z.infer<typeof StoryRank>;

/** How one line of a headline group is set. */
export const HeadlineLineStyle = z.object({
  /** 'serif', 'sans', or a face's family name. */
  face: Line(120),
  sizePt: z.number().positive().max(300),
  bold: z.boolean(),
  maxLines: z.number().int().min(1).max(6),
  align: z.enum(['left', 'center', 'right']),
});
export type HeadlineLineStyle = z.infer<typeof HeadlineLineStyle>;

export const HeadlineStyle = z.object({
  kicker: HeadlineLineStyle,
  main: HeadlineLineStyle,
  sub: HeadlineLineStyle,
});
export type HeadlineStyle = z.infer<typeof HeadlineStyle>;

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
  /** Bleed around the trimmed page in the print PDF (its BleedBox), mm; 3 mm when absent. */
  bleedMm: z.number().nonnegative().max(20).optional(),
  /** Hanging punctuation (on when absent): 。，、 may hang past the measure instead of a character being pushed down. */
  hangingPunctuation: z.boolean().optional(),
  /** Rules between stories (栏线): thin rules in the gutters and between stacked blocks. */
  columnRules: z.boolean().optional(),
  /** How those rules are drawn: a plain rule, or a 花线 (a wavy or a dot-dash ornamental rule); plain when absent. */
  ruleStyle: z.enum(['plain', 'wave', 'dot-dash']).optional(),
  /** Their weight in points; 0.5 pt when absent. */
  ruleWeightPt: z.number().min(0.1).max(4).optional(),
  /** A front page: the masthead area (报头) in the top margin, with date, issue number, weekday and 报眼. */
  masthead: z
    .object({
      /** The paper's name as set type; the edition's publication when absent. */
      nameText: Line(40).optional(),
      /** The lunar date is printed when true (from the edition's date). */
      lunarDate: z.boolean().optional(),
      /** The weekday is printed beside the date unless false. */
      weekday: z.boolean().optional(),
      /**
       * The paper's name as artwork (an SVG, PNG or JPEG of the library's assets), drawn in the
       * name's place scaled to fit, keeping its proportions (width and height are the image's
       * own, for its aspect ratio); the set-type name stands in when absent or when its file
       * is missing or broken.
       */
      artwork: z
        .object({
          asset: z.string().max(200),
          width: z.number().positive().max(100_000),
          height: z.number().positive().max(100_000),
        })
        .optional(),
    })
    .optional(),
  /** Headline styles (引题/主题/副题) by the placement's rank; built-in defaults when absent. */
  headlineStyles: z.record(z.string(), HeadlineStyle).optional(),
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
  /** The story's rank on the page (sets its headline style); worked out from the block's place when absent. */
  rank: StoryRank.optional(),
  /** This placement's own headline settings, over the template's style for its rank. */
  headline: z
    .object({
      kicker: HeadlineLineStyle.partial().optional(),
      main: HeadlineLineStyle.partial().optional(),
      sub: HeadlineLineStyle.partial().optional(),
      /** The main headline as it should break: lines separated by a newline. */
      mainText: z.string().max(400).optional(),
    })
    .optional(),
  /** 接题: the headline a jump block prints over the continued text; the story's headline when absent. */
  continuationHead: z.string().max(200).optional(),
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
  /** 报眼: the box beside the masthead on the front page (weather, an index); the pages' index when absent. */
  ear: z.string().max(400).optional(),
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
