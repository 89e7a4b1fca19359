import { type CSSProperties, type DragEvent, type KeyboardEvent, type PointerEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PX_PER_MM, placementRect } from '../../../../shared/layout/grid';
import type { EditionLayout } from '../../../../shared/layout/types';
import type { Page, PageTemplate, Placement } from '../../../../shared/model/edition';
import type { Story } from '../../../../shared/model/story';
import { type Box, type ResizeEdge, movedBox, overlappingBlocks, resizedBox } from './edition-ops';
import { fitLabel } from './fit-label';
import { presenceColour } from '../../../../shared/newsroom/presence-colour';

export const STORY_DRAG_TYPE = 'application/x-masthead-story';

interface BlockOverlayProps {
  page: Page;
  template: PageTemplate;
  layout: EditionLayout;
  stories: ReadonlyMap<string, Story>;
  scale: number;
  selected: string | null;
  onSelect: (id: string | null) => void;
  /** Who else in the newsroom is working on a block (nobody without a newsroom). */
  heldBy?: (id: string) => string[];
  /** True, having said who holds it, when a block may not be moved here now. */
  refused?: (id: string) => boolean;
  /** A block's new box, once per drag (one undo step). */
  onChangeBox: (id: string, box: Box) => void;
  onRemove: (id: string) => void;
  /** A story dragged from the side panel, dropped at a point of the paper in mm. */
  onDropStory: (storyId: string, xMm: number, yMm: number) => void;
}

interface Gesture {
  id: string;
  mode: 'move' | ResizeEdge;
  startX: number;
  startY: number;
  start: Box;
  moved: boolean;
}

const EDGES: ResizeEdge[] = ['n', 'e', 's', 'w', 'ne', 'se', 'sw', 'nw'];

const sameBox = (a: Box, b: Box) =>
  a.column === b.column && a.span === b.span && a.line === b.line && a.lines === b.lines;

/**
 * The interaction layer over the engine's page: one box per block, in screen pixels, that
 * can be selected, dragged and resized by its handles (snapped to whole columns and body
 * lines, kept on the page), or moved with the arrow keys (Shift+arrows resize).
 */
export function BlockOverlay({
  page,
  template,
  layout,
  stories,
  scale,
  selected,
  onSelect,
  heldBy = () => [],
  refused = () => false,
  onChangeBox,
  onRemove,
  onDropStory,
}: BlockOverlayProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const gesture = useRef<Gesture | null>(null);
  const [preview, setPreview] = useState<{ id: string; box: Box } | null>(null);
  const [dropping, setDropping] = useState(false);
  const pxPerMm = PX_PER_MM * scale;
  const overlapping = overlappingBlocks(page);

  const begin = (event: PointerEvent, block: Placement, mode: Gesture['mode']) => {
    if (event.button !== 0) return;
    event.stopPropagation();
    // Someone else is working on it: selected to be looked at (read-only), the drag refused
    // before it starts, and not taken from them.
    if (heldBy(block.id).length > 0) {
      onSelect(block.id);
      refused(block.id);
      return;
    }
    onSelect(block.id);
    gesture.current = {
      id: block.id,
      mode,
      startX: event.clientX,
      startY: event.clientY,
      start: { column: block.column, span: block.span, line: block.line, lines: block.lines },
      moved: false,
    };
    (event.currentTarget as HTMLElement).setPointerCapture?.(event.pointerId);
  };

  const track = (event: PointerEvent) => {
    const g = gesture.current;
    if (!g) return;
    const dx = (event.clientX - g.startX) / pxPerMm;
    const dy = (event.clientY - g.startY) / pxPerMm;
    const box = g.mode === 'move' ? movedBox(template, g.start, dx, dy) : resizedBox(template, g.start, g.mode, dx, dy);
    g.moved = g.moved || Math.abs(event.clientX - g.startX) + Math.abs(event.clientY - g.startY) > 3;
    setPreview((p) => (p && p.id === g.id && sameBox(p.box, box) ? p : { id: g.id, box }));
  };

  const end = () => {
    const g = gesture.current;
    gesture.current = null;
    if (g && preview && preview.id === g.id && g.moved && !sameBox(preview.box, g.start))
      onChangeBox(g.id, preview.box);
    setPreview(null);
  };

  const onKeyDown = (event: KeyboardEvent, block: Placement) => {
    const step: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
    };
    const delta = step[event.key];
    if (delta) {
      event.preventDefault();
      const [dc, dl] = delta;
      // Columns step by one; lines by one, or by ten with Alt for a quicker walk down the page.
      const lines = event.altKey ? dl * 10 : dl;
      const box: Box = event.shiftKey
        ? { column: block.column, line: block.line, span: block.span + dc, lines: block.lines + lines }
        : { column: block.column + dc, line: block.line + lines, span: block.span, lines: block.lines };
      onChangeBox(block.id, box);
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      onRemove(block.id);
    } else if (event.key === 'Escape') {
      onSelect(null);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(block.id);
    }
  };

  const onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes(STORY_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    if (!dropping) setDropping(true);
  };
  const onDrop = (event: DragEvent) => {
    const storyId = event.dataTransfer.getData(STORY_DRAG_TYPE);
    setDropping(false);
    if (!storyId || !ref.current) return;
    event.preventDefault();
    const rect = ref.current.getBoundingClientRect();
    onDropStory(storyId, (event.clientX - rect.left) / pxPerMm, (event.clientY - rect.top) / pxPerMm);
  };

  return (
    <div
      ref={ref}
      className={`block-overlay${dropping ? ' block-overlay--dropping' : ''}`}
      style={{ width: `${template.paper.widthMm * pxPerMm}px`, height: `${template.paper.heightMm * pxPerMm}px` }}
      role="group"
      aria-label={t('edition.blocks')}
      onPointerDown={() => onSelect(null)}
      onDragOver={onDragOver}
      onDragLeave={() => setDropping(false)}
      onDrop={onDrop}
    >
      {page.placements.map((block) => {
        const box = preview?.id === block.id ? preview.box : block;
        const rect = placementRect(template, box);
        const measure = layout.blocks.get(block.id);
        const fit = fitLabel(t, measure);
        const story = block.storyId ? stories.get(block.storyId) : undefined;
        const name = story?.headline || block.label || t(`edition.kind.${block.kind}`);
        const isSelected = selected === block.id;
        const overlaps = overlapping.has(block.id);
        const size = t('edition.blockSize', { span: box.span, lines: box.lines });
        const holders = heldBy(block.id);
        const heldText = holders.length > 0 ? t('collab.blockHeldBy', { names: holders.join('、') }) : '';
        return (
          <div
            key={block.id}
            className={`layout-block layout-block--${block.kind}${isSelected ? ' layout-block--selected' : ''}${
              overlaps ? ' layout-block--overlap' : ''
            }${preview?.id === block.id ? ' layout-block--moving' : ''}${holders.length > 0 ? ' layout-block--held' : ''}`}
            data-block-id={block.id}
            title={heldText || undefined}
            style={{
              // One ring per person holding it, each in their colour (the first innermost).
              ...(holders.length > 0
                ? {
                    '--held-colour': presenceColour(holders[0]!),
                    boxShadow: holders.map((holder, i) => `0 0 0 ${3 + i * 3}px ${presenceColour(holder)}`).join(', '),
                  }
                : {}),
              left: `${rect.leftMm * pxPerMm}px`,
              top: `${rect.topMm * pxPerMm}px`,
              width: `${rect.widthMm * pxPerMm}px`,
              height: `${rect.heightMm * pxPerMm}px`,
            }}
            role="button"
            tabIndex={0}
            aria-pressed={isSelected}
            aria-label={[
              t(`edition.kind.${block.kind}`),
              name,
              size,
              fit?.text,
              overlaps ? t('edition.overlaps') : '',
              heldText,
            ]
              .filter(Boolean)
              .join(', ')}
            onPointerDown={(e) => begin(e, block, 'move')}
            onPointerMove={track}
            onPointerUp={end}
            onPointerCancel={end}
            onKeyDown={(e) => onKeyDown(e, block)}
            onFocus={() => onSelect(block.id)}
          >
            <span className="layout-block__tag" aria-hidden="true">
              {fit ? (
                <span className={`fit-badge fit-badge--${fit.tone}`}>{fit.text}</span>
              ) : (
                <span className="layout-block__kind">{name}</span>
              )}
              {overlaps && <span className="fit-badge fit-badge--over">{t('edition.overlaps')}</span>}
            </span>
            {holders.length > 0 && (
              <span className="layout-block__holders" aria-hidden="true">
                {holders.map((holder) => (
                  <span
                    key={holder}
                    className="layout-block__holder"
                    style={{ '--held-colour': presenceColour(holder) } as CSSProperties}
                  >
                    {holder}
                  </span>
                ))}
              </span>
            )}
            {preview?.id === block.id && (
              <span className="layout-block__size" aria-hidden="true">
                {size}
              </span>
            )}
            {isSelected &&
              holders.length === 0 &&
              EDGES.map((edge) => (
                <span
                  key={edge}
                  className={`layout-block__handle layout-block__handle--${edge}`}
                  aria-hidden="true"
                  onPointerDown={(e) => begin(e, block, edge)}
                  onPointerMove={track}
                  onPointerUp={end}
                  onPointerCancel={end}
                />
              ))}
          </div>
        );
      })}
    </div>
  );
}
