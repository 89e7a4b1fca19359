import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PX_PER_MM, findFreeSpot, templateMetrics } from '../../../../shared/layout/grid';
import type { EditionLayout, EditionLayoutInput } from '../../../../shared/layout/types';
import type { Edition, Page, Placement } from '../../../../shared/model/edition';

type PlacementKind = Placement['kind'];
import type { Story } from '../../../../shared/model/story';
import { api } from '../../api/client';
import { BlockInspector, photoChoices } from './block-inspector';
import { BlockOverlay } from './block-overlay';
import {
  type Box,
  addPlacement,
  defaultStorySize,
  dropBox,
  jumpStory,
  newId,
  pageTemplate,
  placedStoryIds,
  removePlacement,
  updatePlacement,
} from './edition-ops';
import { ARTWORK_MISSING_EVENT } from './composer-engine';
import { PageCanvas } from './page-canvas';
import type { PageEngine } from './page-engine';
import { blockPresenceId } from './page-presence';
import { StoryPanel } from './story-panel';

interface PageLayoutViewProps {
  edition: Edition;
  page: Page;
  stories: ReadonlyMap<string, Story>;
  engine: PageEngine;
  input: EditionLayoutInput;
  layout: EditionLayout;
  change: (update: (edition: Edition) => Edition, coalesce?: string) => void;
  selected: string | null;
  onSelect: (id: string | null) => void;
  openPage: (pageId: string, blockId?: string) => void;
  reportError: (error: unknown) => void;
  /** With a newsroom: who has what open; blocks others hold are marked and not moved here. */
  presence?: Record<string, string[]>;
}

const ZOOMS = [0.25, 0.33, 0.5, 0.67, 0.75, 1, 1.25, 1.5, 2];
type Zoom = 'fit' | number;

/** Boxes for new non-story blocks, in columns × lines. */
const NEW_BLOCK: Record<Exclude<PlacementKind, 'story'>, { span: number; lines: number }> = {
  ad: { span: 4, lines: 30 },
  placeholder: { span: 2, lines: 20 },
  photo: { span: 3, lines: 25 },
};

/** The first free spot for a box of this size, or a smaller one; the top left corner if the page is full. */
function spotFor(template: ReturnType<typeof pageTemplate>, page: Page, span: number, lines: number): Box {
  for (let s = span; s >= 1; s--)
    for (let l = lines; l >= Math.min(lines, 10); l = l > 20 ? Math.floor(l * 0.75) : l - 5) {
      const spot = findFreeSpot(template, page, s, l);
      if (spot) return spot;
      if (l <= 10) break;
    }
  return { column: 0, line: 0, span: Math.min(span, template.columns), lines };
}

/**
 * One page at true proportions, set by the layout engine, with the interaction layer over
 * it, the library beside it, and the selected block's inspector.
 */
export function PageLayoutView({
  edition,
  page,
  stories,
  engine,
  input,
  layout,
  change,
  selected,
  onSelect,
  openPage,
  reportError,
  presence = {},
}: PageLayoutViewProps) {
  const { t } = useTranslation();
  const template = pageTemplate(edition, page);
  const stageRef = useRef<HTMLDivElement>(null);
  const [stage, setStage] = useState({ width: 900, height: 700 });
  const [zoom, setZoom] = useState<Zoom>('fit');
  const [grid, setGrid] = useState(true);
  const [notice, setNotice] = useState('');
  // Masthead artwork that will not draw (its file gone or damaged): the set name stands in, and the desk hears why.
  useEffect(() => {
    const stage = stageRef.current;
    if (!stage) return;
    const missing = () => setNotice(t('edition.artworkMissing'));
    stage.addEventListener(ARTWORK_MISSING_EVENT, missing);
    return () => stage.removeEventListener(ARTWORK_MISSING_EVENT, missing);
  }, [t]);

  useEffect(() => {
    const element = stageRef.current;
    if (!element) return;
    const measure = () => setStage({ width: element.clientWidth, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const pageWidthPx = template.paper.widthMm * PX_PER_MM;
  const pageHeightPx = template.paper.heightMm * PX_PER_MM;
  const fitScale = Math.max(0.1, Math.min((stage.width - 32) / pageWidthPx, (stage.height - 32) / pageHeightPx));
  const scale = zoom === 'fit' ? fitScale : zoom;

  const stepZoom = (direction: 1 | -1) => {
    const current = scale;
    const next =
      direction > 0 ? ZOOMS.find((z) => z > current + 0.001) : [...ZOOMS].reverse().find((z) => z < current - 0.001);
    if (next) setZoom(next);
  };

  const pageIndex = edition.pages.indexOf(page);
  const block = page.placements.find((p) => p.id === selected);
  const placed = useMemo(() => new Set(placedStoryIds(edition)), [edition]);
  const photos = useMemo(() => photoChoices(stories.values()), [stories]);

  // Others in the newsroom working on a block of this page (nobody without a newsroom).
  const heldBy = (blockId: string): string[] => presence[blockPresenceId(edition.id, blockId)] ?? [];
  /** True (and says who) when someone else holds the block, so this change is not made. */
  const refused = (blockId: string): boolean => {
    const names = heldBy(blockId);
    if (names.length === 0) return false;
    setNotice(t('collab.blockRefused', { names: names.join('、') }));
    return true;
  };

  const insert = (placement: Placement) => {
    change((e) => addPlacement(e, page.id, placement));
    onSelect(placement.id);
  };

  const placeStory = async (storyId: string, at?: { xMm: number; yMm: number }) => {
    let story = stories.get(storyId);
    if (!story) {
      try {
        story = await api.getStory({ id: storyId });
      } catch (error) {
        reportError(error);
        return;
      }
    }
    const size = defaultStorySize(template, story.fit);
    const box = at ? dropBox(template, at.xMm, at.yMm, size) : spotFor(template, page, size.span, size.lines);
    insert({
      id: newId('block'),
      kind: 'story',
      storyId,
      ...box,
      label: (story.slug || story.headline).slice(0, 200),
    });
  };

  const addBlock = (kind: Exclude<PlacementKind, 'story'>) => {
    const { span, lines } = NEW_BLOCK[kind];
    const m = templateMetrics(template);
    insert({
      id: newId('block'),
      kind,
      storyId: null,
      ...spotFor(template, page, span, Math.min(lines, m.linesPerColumn)),
      label: t(`edition.kind.${kind}`),
    });
  };

  const jump = (toPageId: string) => {
    // Jumping moves the block's story on: not while someone else holds the block.
    if (!block || refused(block.id)) return;
    const measure = layout.blocks.get(block.id);
    const result = jumpStory(edition, page.id, block.id, toPageId, { overLines: measure?.overLines ?? 20 });
    const target = edition.pages.findIndex((p) => p.id === toPageId) + 1;
    if (!result) {
      setNotice(t('edition.jumpNoRoom', { number: target }));
      return;
    }
    change(() => result.edition);
    setNotice(t('edition.jumped', { number: target }));
  };

  return (
    <div className="page-layout">
      <div className="page-layout__bar">
        <div className="button-group" role="group" aria-label={t('edition.pages')}>
          <button
            type="button"
            className="button button--small"
            disabled={pageIndex <= 0}
            onClick={() => openPage(edition.pages[pageIndex - 1]!.id)}
          >
            {t('edition.previousPage')}
          </button>
          <button
            type="button"
            className="button button--small"
            disabled={pageIndex >= edition.pages.length - 1}
            onClick={() => openPage(edition.pages[pageIndex + 1]!.id)}
          >
            {t('edition.nextPage')}
          </button>
        </div>
        <div className="button-group" role="group" aria-label={t('edition.zoom')}>
          <button
            type="button"
            className="button button--small"
            aria-label={t('edition.zoomOut')}
            onClick={() => stepZoom(-1)}
          >
            −
          </button>
          <select
            className="field__select field__input--small"
            aria-label={t('edition.zoomLevel')}
            value={zoom === 'fit' ? 'fit' : String(zoom)}
            onChange={(e) => setZoom(e.target.value === 'fit' ? 'fit' : Number(e.target.value))}
          >
            <option value="fit">{t('edition.zoomFit', { percent: Math.round(fitScale * 100) })}</option>
            {ZOOMS.map((z) => (
              <option key={z} value={String(z)}>
                {Math.round(z * 100)}%
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button--small"
            aria-label={t('edition.zoomIn')}
            onClick={() => stepZoom(1)}
          >
            +
          </button>
        </div>
        <label className="page-layout__check">
          <input type="checkbox" checked={grid} onChange={(e) => setGrid(e.target.checked)} />
          {t('edition.showGrid')}
        </label>
        <p className="page-layout__notice" role="status">
          {notice}
        </p>
      </div>
      <div className="page-layout__body">
        <div className="page-layout__stage" ref={stageRef}>
          <div
            className="page-layout__paper"
            style={{ width: `${pageWidthPx * scale}px`, height: `${pageHeightPx * scale}px` }}
          >
            <PageCanvas
              engine={engine}
              input={input}
              layout={layout}
              pageId={page.id}
              template={template}
              scale={scale}
              grid={grid}
              className="page-layout__canvas"
            />
            <BlockOverlay
              page={page}
              template={template}
              layout={layout}
              stories={stories}
              scale={scale}
              selected={selected}
              onSelect={onSelect}
              heldBy={heldBy}
              refused={refused}
              onChangeBox={(id, box) => {
                if (!refused(id)) change((e) => updatePlacement(e, page.id, id, box));
              }}
              onRemove={(id) => {
                if (refused(id)) return;
                change((e) => removePlacement(e, page.id, id));
                onSelect(null);
              }}
              onDropStory={(storyId, xMm, yMm) => void placeStory(storyId, { xMm, yMm })}
            />
          </div>
        </div>
        <div className="page-layout__side">
          {block ? (
            <BlockInspector
              key={block.id}
              edition={edition}
              page={page}
              template={template}
              block={block}
              measure={layout.blocks.get(block.id)}
              story={block.storyId ? stories.get(block.storyId) : undefined}
              photos={photos}
              onChange={(patch, coalesce) => {
                if (!refused(block.id)) change((e) => updatePlacement(e, page.id, block.id, patch), coalesce);
              }}
              onRemove={() => {
                if (refused(block.id)) return;
                change((e) => removePlacement(e, page.id, block.id));
                onSelect(null);
              }}
              onJump={jump}
              heldBy={heldBy(block.id)}
            />
          ) : (
            <p className="side-panel__hint">{t('edition.selectHint')}</p>
          )}
          <div className="page-layout__add" role="group" aria-label={t('edition.addBlock')}>
            <button type="button" className="button button--small" onClick={() => addBlock('photo')}>
              {t('edition.addPhoto')}
            </button>
            <button type="button" className="button button--small" onClick={() => addBlock('ad')}>
              {t('edition.addAd')}
            </button>
            <button type="button" className="button button--small" onClick={() => addBlock('placeholder')}>
              {t('edition.addPlaceholder')}
            </button>
          </div>
          <StoryPanel placed={placed} onPlace={(story) => void placeStory(story.id)} />
        </div>
      </div>
    </div>
  );
}
