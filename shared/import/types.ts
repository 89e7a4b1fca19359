/**
 * What an import recovers from a page of text, before anything is saved. Every line of
 * the source ends up in exactly one part, in source order, so nothing is ever dropped and
 * the preview can change any part's role.
 */
export type PartRole =
  | 'kicker'
  | 'headline'
  | 'subheadline'
  | 'dateline'
  | 'byline'
  | 'paragraph'
  | 'crosshead'
  | 'jump'
  /** A photo: `image` holds its source, `text` its caption. */
  | 'photo'
  /** Kept but not placed: the editor decides (always comes with a warning). */
  | 'unplaced';

export interface ImportPart {
  role: PartRole;
  /** The value for its field: a dateline without its dash, a byline without "By". */
  text: string;
  /** The source text this part came from, for the fidelity check and the preview. */
  raw: string;
  /** 1-based line (text) or block number (Word, HTML) of the source where the part starts. */
  line: number;
  /** For a photo: a data: URL from a Word file, or an asset id once stored. */
  image?: string;
  /** For a photo: its credit, if the source gives one. */
  credit?: string;
  /**
   * Formatted text from Word or HTML: text runs with the marks the story schema has (bold,
   * italic, links). Absent for plain text; their text joined is `text`.
   */
  inline?: InlineRun[];
  /**
   * For a byline: the people it names, each with the role printed before them
   * (`本报讯(记者 何晓东 通讯员 王磊)`), so exports can name each creator.
   */
  contributors?: ImportContributor[];
}

export interface ImportContributor {
  name: string;
  /** The role as printed: 记者, 通讯员, 本报记者, or "By" for an English byline. */
  role: string;
  /** The title or agency line under an English byline (Staff Writer, Associated Press). */
  title?: string;
}

export interface InlineRun {
  type: 'text';
  text: string;
  marks?: ({ type: 'bold' } | { type: 'italic' } | { type: 'link'; attrs: { href: string } })[];
}

/** What a warning is about: the renderer words it in the interface language by this code. */
export type ImportWarningCode =
  | 'no-headline'
  | 'extra-heading'
  | 'joined-mid-sentence'
  | 'starts-mid-sentence'
  | 'ends-mid-sentence'
  | 'fragment'
  /** A short line without punctuation: cross-head, or a paragraph's first line cut by a column break? */
  | 'crosshead-or-paragraph'
  | 'image-without-source'
  | 'encoding-guessed'
  | 'tracked-changes'
  | 'comments-dropped'
  | 'unknown-style';

export interface ImportWarning {
  line: number;
  code: ImportWarningCode;
  /** Numbers and names the message needs (counts of tracked changes, a style name). */
  params?: Record<string, string | number>;
  /** The same in English, for the CLI and logs. */
  message: string;
  /** A short quote of the text concerned. */
  text: string;
}

export interface ImportedStory {
  language: 'zh-Hans' | 'en';
  parts: ImportPart[];
  warnings: ImportWarning[];
}

/** The shape `masthead import --dry-run --json` prints, one per story. */
export interface ImportSummary {
  kicker: string | null;
  headline: string | null;
  subheadline: string | null;
  dateline: string | null;
  byline: string | null;
  jump: string | null;
  body: { type: 'paragraph' | 'crosshead' | 'photo'; text: string }[];
  warnings: ImportWarning[];
}
