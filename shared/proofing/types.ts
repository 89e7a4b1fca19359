/** What proofing finds, where, and how sure the desk must be before it prints. */

/** How the editor underlines it: a wrong character or word, a house-style point, or wording to avoid. */
export type FindingKind = 'typo' | 'style' | 'sensitive';

export type ProofField = 'kicker' | 'headline' | 'subheadline' | 'byline' | 'dateline' | 'body';
export const PROOF_FIELDS: readonly ProofField[] = ['kicker', 'headline', 'subheadline', 'byline', 'dateline', 'body'];

export type ProofRule =
  /** 错别字 from the confusion list (常见别字, 易错词, 成语). */
  | 'zh-confusion'
  /** A character or mark typed twice (的的, ，，). */
  | 'zh-doubled'
  /** 的/地/得 in a pattern where only one is right. */
  | 'zh-de'
  /** Numbers written two ways in one story (GB/T 15835). */
  | 'zh-number'
  /** A date that contradicts the dateline, or a weekday that contradicts the date. */
  | 'zh-date'
  /** A name from the house list with another title than the house gives. */
  | 'name-title'
  /** Leaders named in another order than the house list gives. */
  | 'name-order'
  /** Banned or careful wording from the house list. */
  | 'sensitive'
  /** Half-width punctuation in Chinese, straight quotes, full-width digits (the normaliser's rules). */
  | 'punctuation'
  /** A quote mark or bracket that is never closed, or closed without being opened. */
  | 'paired'
  | 'en-spelling'
  | 'en-style'
  | 'en-repeated'
  | 'en-number'
  | 'spacing'
  | 'en-headline';

export interface Finding {
  field: ProofField;
  /** For the body: the index of the paragraph-like block (in document order); 0 elsewhere. */
  block: number;
  /** [start, end) in UTF-16 offsets of that block's or field's text. */
  start: number;
  end: number;
  text: string;
  /** What to write instead, or null when only the writer can say (a bracket never closed). */
  suggestion: string | null;
  rule: ProofRule;
  kind: FindingKind;
  /** One line saying why, in the language of the list it came from. */
  message: string;
  /** Blocks export until the desk chief overrides it (banned wording). */
  blocking: boolean;
}

/** What "ignore in this story" remembers: the rule and the text, wherever it occurs. */
export const findingKey = (finding: Pick<Finding, 'rule' | 'text'>): string => `${finding.rule}:${finding.text}`;

export interface ProofSummary {
  /** Characters proofed (as the desk counts them: no spaces). */
  characters: number;
  findings: number;
  typo: number;
  style: number;
  sensitive: number;
  blocking: number;
  /** Findings per 10,000 characters: a Chinese daily aims at 1 or less. */
  errorRate: number;
}

export function summarise(findings: readonly Finding[], characters: number): ProofSummary {
  const count = (kind: FindingKind) => findings.filter((f) => f.kind === kind).length;
  return {
    characters,
    findings: findings.length,
    typo: count('typo'),
    style: count('style'),
    sensitive: count('sensitive'),
    blocking: findings.filter((f) => f.blocking).length,
    errorRate: characters === 0 ? 0 : Math.round((findings.length / characters) * 10_000 * 100) / 100,
  };
}
