import type { Edition } from '../model/edition';
import type { DocNode, Story } from '../model/story';
import { builtInTemplates } from '../model/templates';
import { onGrid, overlaps, templateOf } from './grid';
import { storyChains } from './jumps';
import { bodyText } from '../text/count';
import { undrawableCharacters } from '../text/glyph-coverage';
import type { BlockMeasure, EditionLayout } from './types';

/**
 * Preflight: the desk's last check of an edition before export, from the edition, its stories
 * and the measured layout. A blocking problem stops export; a warning is shown and allowed.
 */

export type PreflightCode =
  | 'overset'
  | 'underset'
  | 'not-approved'
  | 'empty-headline'
  | 'missing-story'
  | 'photo-missing'
  | 'caption-missing'
  | 'jump-empty'
  | 'jump-same-page'
  | 'no-folio'
  | 'line-start-punctuation'
  | 'overlap'
  | 'off-grid'
  | 'unknown-template'
  | 'empty-page'
  /** Banned wording found by proofing (校对): blocks export until the desk chief overrides it. */
  | 'sensitive-wording'
  /** Proofing findings nobody has resolved yet (typos, house style, careful wording). */
  | 'proofing'
  /** The story was approved, then its printed text changed: it needs approving again. */
  | 'changed-after-approval'
  /** Characters no face in the page's font stack can draw: they would print as boxes. */
  | 'missing-glyph'
  /** The masthead's artwork file is not in the library: the paper's name prints as set type. */
  | 'artwork-missing';

export interface PreflightProblem {
  code: PreflightCode;
  severity: 'blocking' | 'warning';
  pageId: string;
  pageNumber: number;
  placementId: string | null;
  storyId: string | null;
  /** The story's headline or the block's label, to name it. */
  subject: string;
  /** Lines over or short, characters/words to cut or add, punctuation found … */
  lines?: number;
  amount?: number;
  amountUnit?: 'chars' | 'words';
  detail?: string;
}

export interface PreflightReport {
  ok: boolean;
  blocking: number;
  warnings: number;
  problems: PreflightProblem[];
}

const BLOCKING: ReadonlySet<PreflightCode> = new Set([
  'overset',
  'not-approved',
  'empty-headline',
  'missing-story',
  'photo-missing',
  'jump-empty',
  'no-folio',
  'line-start-punctuation',
  'overlap',
  'off-grid',
  'unknown-template',
  'sensitive-wording',
  'changed-after-approval',
  'missing-glyph',
]);

/** A placed story's proofing counts (shared/proofing), when the caller has proofed the edition. */
export interface StoryProofCounts {
  findings: number;
  blocking: number;
}

/** Everything of a story that prints: the headline group, byline, dateline, body and photo captions. */
function printedText(story: Story): string {
  const captions: string[] = [];
  const walk = (node: DocNode): void => {
    if (node.type === 'photoFigure') captions.push(String(node.attrs?.caption ?? ''), String(node.attrs?.credit ?? ''));
    node.content?.forEach(walk);
  };
  story.body.content?.forEach(walk);
  return [
    story.kicker,
    story.headline,
    story.subheadline,
    story.byline,
    story.dateline,
    bodyText(story.body),
    ...captions,
  ].join('\n');
}

export function preflight(
  edition: Edition,
  stories: ReadonlyMap<string, Story>,
  layout: EditionLayout,
  proofing?: ReadonlyMap<string, StoryProofCounts>,
): PreflightReport {
  const problems: PreflightProblem[] = [];
  const add = (p: Omit<PreflightProblem, 'severity'>) =>
    problems.push({ ...p, severity: BLOCKING.has(p.code) ? 'blocking' : 'warning' });
  const chains = storyChains(edition);

  edition.pages.forEach((page, index) => {
    const pageNumber = index + 1;
    const at = { pageId: page.id, pageNumber };
    const template = templateOf(edition, page, builtInTemplates);
    if (!template) {
      add({ ...at, code: 'unknown-template', placementId: null, storyId: null, subject: page.templateId });
      return;
    }
    if (!page.section.trim() || !edition.publication.trim())
      add({ ...at, code: 'no-folio', placementId: null, storyId: null, subject: page.section });
    if (page.placements.length === 0)
      add({ ...at, code: 'empty-page', placementId: null, storyId: null, subject: page.section });

    page.placements.forEach((placement, i) => {
      const story = placement.storyId ? stories.get(placement.storyId) : undefined;
      const subject = story?.headline || placement.label;
      const where = { ...at, placementId: placement.id, storyId: placement.storyId, subject };
      if (!onGrid(template, placement)) add({ ...where, code: 'off-grid' });
      const other = page.placements.slice(i + 1).find((p) => overlaps(p, placement));
      if (other) add({ ...where, code: 'overlap', detail: other.label });
      const measure: BlockMeasure | undefined = layout.blocks.get(placement.id);

      if (placement.kind === 'photo') {
        if (measure?.photosMissing || !placement.asset) add({ ...where, code: 'photo-missing' });
        if (!placement.caption?.trim()) add({ ...where, code: 'caption-missing' });
        return;
      }
      if (placement.kind !== 'story' || !placement.storyId) return;
      const chain = chains.get(placement.storyId) ?? [];
      const first = chain[0]?.placement.id === placement.id;
      if (!story) {
        if (first) add({ ...where, code: 'missing-story' });
        return;
      }
      if (first) {
        if (story.status !== 'approved') {
          const reopened = story.statusHistory.at(-1)?.event === 'edited-after-approval';
          add({ ...where, code: reopened ? 'changed-after-approval' : 'not-approved', detail: story.status });
        }
        const undrawable = undrawableCharacters(printedText(story));
        if (undrawable.length)
          add({ ...where, code: 'missing-glyph', amount: undrawable.length, detail: undrawable.join(' ') });
        if (!story.headline.trim()) add({ ...where, code: 'empty-headline' });
        const proofed = proofing?.get(story.id);
        if (proofed?.blocking) add({ ...where, code: 'sensitive-wording', amount: proofed.blocking });
        if (proofed && proofed.findings > proofed.blocking)
          add({ ...where, code: 'proofing', amount: proofed.findings - proofed.blocking });
      }
      if (!measure) return;
      if (measure.fit === 'over')
        add({
          ...where,
          code: 'overset',
          lines: measure.overLines,
          amount: measure.amount,
          amountUnit: measure.amountUnit,
        });
      if (measure.fit === 'short')
        add({
          ...where,
          code: 'underset',
          lines: measure.shortLines,
          amount: measure.amount,
          amountUnit: measure.amountUnit,
        });
      if (measure.chainIndex > 0 && (measure.fit === 'empty' || measure.usedLines <= (measure.jumpFrom ? 1 : 0)))
        add({ ...where, code: 'jump-empty' });
      if (measure.chainIndex > 0 && !measure.jumpFrom) add({ ...where, code: 'jump-same-page' });
      if (measure.photosMissing) add({ ...where, code: 'photo-missing', amount: measure.photosMissing });
      if (measure.photosWithoutCaption)
        add({ ...where, code: 'caption-missing', amount: measure.photosWithoutCaption });
      if (measure.lineStartPunctuation.length)
        add({
          ...where,
          code: 'line-start-punctuation',
          amount: measure.lineStartPunctuation.length,
          detail: measure.lineStartPunctuation.join(' / '),
        });
    });
  });
  const blocking = problems.filter((p) => p.severity === 'blocking').length;
  return { ok: blocking === 0, blocking, warnings: problems.length - blocking, problems };
}

/** A problem in plain English, for the CLI and logs (the app translates the code instead). */
export function describeProblem(p: PreflightProblem): string {
  const what = `page ${p.pageNumber}${p.subject ? `, "${p.subject}"` : ''}`;
  const unit = p.amountUnit === 'words' ? 'words' : 'characters';
  switch (p.code) {
    case 'overset':
      return `${what}: ${p.lines} lines over (cut about ${p.amount} ${unit})`;
    case 'underset':
      return `${what}: ${p.lines} lines short (about ${p.amount} ${unit} to add)`;
    case 'not-approved':
      return `${what}: placed but not approved (status ${p.detail})`;
    case 'empty-headline':
      return `${what}: the headline is empty`;
    case 'missing-story':
      return `${what}: the story is no longer in the library`;
    case 'photo-missing':
      return `${what}: a photo is missing`;
    case 'caption-missing':
      return `${what}: a photo has no caption`;
    case 'jump-empty':
      return `${what}: the jump block holds no text (the story ends before it)`;
    case 'jump-same-page':
      return `${what}: the story continues in a second block on the same page`;
    case 'no-folio':
      return `page ${p.pageNumber}: no folio (the page needs a section name and the edition a publication)`;
    case 'line-start-punctuation':
      return `${what}: ${p.amount} lines start with closing punctuation (${p.detail})`;
    case 'overlap':
      return `${what}: overlaps "${p.detail}"`;
    case 'off-grid':
      return `${what}: lies off the page grid`;
    case 'unknown-template':
      return `page ${p.pageNumber}: unknown page template ${p.subject}`;
    case 'empty-page':
      return `page ${p.pageNumber}: nothing is placed on it`;
    case 'sensitive-wording':
      return `${what}: ${p.amount} banned ${p.amount === 1 ? 'term' : 'terms'} (masthead proof shows them)`;
    case 'proofing':
      return `${what}: ${p.amount} unresolved proofing ${p.amount === 1 ? 'finding' : 'findings'}`;
    case 'changed-after-approval':
      return `${what}: its text changed after it was approved (status ${p.detail}); approve it again`;
    case 'missing-glyph':
      return `${what}: ${p.amount} ${p.amount === 1 ? 'character' : 'characters'} no font can print (${p.detail})`;
    case 'artwork-missing':
      return `page ${p.pageNumber}: the masthead artwork ${p.detail} is not in the library; the paper's name prints as set type`;
  }
}
