import { type DragEvent, type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditionLayout, EditionLayoutInput } from '../../../../shared/layout/types';
import type { Edition, Page } from '../../../../shared/model/edition';
import type { Story } from '../../../../shared/model/story';
import { builtInTemplates } from '../../../../shared/model/templates';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { addPage, movePage, pageTemplate, removePage, updatePage } from './edition-ops';
import { EditionDetails } from './edition-details';
import { TemplateDialog } from './template-dialog';
import { fitLabel } from './fit-label';
import { PageCanvas } from './page-canvas';
import { PX_PER_MM } from '../../../../shared/layout/grid';
import type { PageEngine } from './page-engine';
import { pagePresenceId } from './page-presence';

interface FlatplanViewProps {
  edition: Edition;
  stories: ReadonlyMap<string, Story>;
  engine: PageEngine;
  input: EditionLayoutInput;
  layout: EditionLayout;
  change: (update: (edition: Edition) => Edition, coalesce?: string) => void;
  openPage: (pageId: string, blockId?: string) => void;
  /** Extra panels beside the pages (preflight). */
  aside?: ReactNode;
  /** Extra buttons in the flatplan's own toolbar (export). */
  actions?: ReactNode;
  /** With a newsroom: who has what open (page:<editionId>:<pageId> → names), shown on each page. */
  presence?: Record<string, string[]>;
}

const THUMB_WIDTH_PX = 196;
const DRAG_TYPE = 'application/x-masthead-page';

/** Templates a page can take: the edition's own, then the built-in ones it doesn't carry yet. */
export const templateChoices = (edition: Edition) => [
  ...edition.templates,
  ...builtInTemplates.filter((b) => !edition.templates.some((t) => t.id === b.id)),
];

/**
 * The flatplan (版面计划): every page of the edition as a live thumbnail, in order, with its
 * stories and their copyfit. Pages are reordered by dragging or with the move buttons; their
 * numbers (and every jump line) follow the order.
 */
export function FlatplanView({
  edition,
  stories,
  engine,
  input,
  layout,
  change,
  openPage,
  aside,
  actions,
  presence = {},
}: FlatplanViewProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const [dragging, setDragging] = useState<number | null>(null);
  const [dropAt, setDropAt] = useState<number | null>(null);
  const [removing, setRemoving] = useState<Page | null>(null);
  const [newTemplate, setNewTemplate] = useState(edition.pages.at(-1)?.templateId ?? builtInTemplates[0]!.id);
  const [newSection, setNewSection] = useState('');
  const [designing, setDesigning] = useState<false | 'new' | 'edit'>(false);
  const [announce, setAnnounce] = useState('');

  const move = (from: number, to: number) => {
    if (to < 0 || to >= edition.pages.length || from === to) return;
    change((e) => movePage(e, from, to));
    setAnnounce(t('edition.pageMoved', { from: from + 1, to: to + 1 }));
  };

  const onDrop = (event: DragEvent, to: number) => {
    event.preventDefault();
    const from = dragging ?? Number(event.dataTransfer.getData(DRAG_TYPE));
    setDragging(null);
    setDropAt(null);
    if (Number.isInteger(from)) move(from, to);
  };

  const choices = templateChoices(edition);
  return (
    <div className="flatplan">
      <div className="flatplan__main">
        <div className="flatplan__bar">
          <h2 id={titleId} className="flatplan__title">
            {t('edition.flatplan')}
            <span className="library-view__count">{t('edition.pageCount', { count: edition.pages.length })}</span>
          </h2>
          <div className="flatplan__actions">{actions}</div>
        </div>
        <p className="visually-hidden" role="status">
          {announce}
        </p>
        <ol className="flatplan__pages" aria-labelledby={titleId}>
          {edition.pages.map((page, index) => {
            const template = pageTemplate(edition, page);
            const number = index + 1;
            const scale = THUMB_WIDTH_PX / (template.paper.widthMm * PX_PER_MM);
            const blocks = page.placements.filter((p) => p.kind === 'story');
            return (
              <li
                key={page.id}
                className={`flatplan-page${dragging === index ? ' flatplan-page--dragging' : ''}${
                  dropAt === index && dragging !== index ? ' flatplan-page--drop' : ''
                }`}
                data-page-id={page.id}
                draggable
                onDragStart={(e) => {
                  setDragging(index);
                  e.dataTransfer.effectAllowed = 'move';
                  e.dataTransfer.setData(DRAG_TYPE, String(index));
                }}
                onDragEnd={() => {
                  setDragging(null);
                  setDropAt(null);
                }}
                onDragOver={(e) => {
                  if (dragging === null && !e.dataTransfer.types.includes(DRAG_TYPE)) return;
                  e.preventDefault();
                  e.dataTransfer.dropEffect = 'move';
                  if (dropAt !== index) setDropAt(index);
                }}
                onDrop={(e) => onDrop(e, index)}
              >
                <div className="flatplan-page__head">
                  <span className="flatplan-page__number">{t('edition.pageNumber', { number })}</span>
                  <span className="flatplan-page__section">{page.section || t('edition.noSection')}</span>
                </div>
                {(presence[pagePresenceId(edition.id, page.id)] ?? []).length > 0 && (
                  <p className="flatplan-page__presence" role="status">
                    {t('collab.pageOpenBy', { names: presence[pagePresenceId(edition.id, page.id)]!.join('、') })}
                  </p>
                )}
                <button
                  type="button"
                  className="flatplan-page__thumb"
                  aria-label={t('edition.openPage', { number, section: page.section || t('edition.noSection') })}
                  onClick={() => openPage(page.id)}
                >
                  <PageCanvas
                    engine={engine}
                    input={input}
                    layout={layout}
                    pageId={page.id}
                    template={template}
                    scale={scale}
                  />
                </button>
                <ul className="flatplan-page__stories" aria-label={t('edition.pageStories', { number })}>
                  {blocks.length === 0 && <li className="flatplan-page__none">{t('edition.noStories')}</li>}
                  {blocks.map((block) => {
                    const measure = layout.blocks.get(block.id);
                    const fit = fitLabel(t, measure);
                    const story = block.storyId ? stories.get(block.storyId) : undefined;
                    return (
                      <li key={block.id} className="flatplan-page__story">
                        <span className="flatplan-page__headline" lang={story?.language}>
                          {measure && measure.chainIndex > 0 ? t('edition.continuedMark') : ''}
                          {story?.headline || block.label || t('library.untitled')}
                        </span>
                        {fit && <span className={`fit-badge fit-badge--${fit.tone}`}>{fit.text}</span>}
                      </li>
                    );
                  })}
                </ul>
                <div className="flatplan-page__fields">
                  <label className="flatplan-page__field">
                    <span className="visually-hidden">{t('edition.sectionOf', { number })}</span>
                    <input
                      className="field__input field__input--small"
                      value={page.section}
                      placeholder={t('edition.section')}
                      onChange={(e) => {
                        const section = e.target.value;
                        change((ed) => updatePage(ed, page.id, { section }), `section:${page.id}`);
                      }}
                    />
                  </label>
                  <label className="flatplan-page__field">
                    <span className="visually-hidden">{t('edition.templateOf', { number })}</span>
                    <select
                      className="field__select field__input--small"
                      value={page.templateId}
                      onChange={(e) => {
                        const templateId = e.target.value;
                        change((ed) => updatePage(ed, page.id, { templateId }));
                      }}
                    >
                      {choices.map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.name}
                        </option>
                      ))}
                    </select>
                  </label>
                </div>
                <div className="flatplan-page__buttons">
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    disabled={index === 0}
                    aria-label={t('edition.moveEarlier', { number })}
                    title={t('edition.moveEarlier', { number })}
                    onClick={() => move(index, index - 1)}
                  >
                    <span aria-hidden="true">←</span>
                  </button>
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    disabled={index === edition.pages.length - 1}
                    aria-label={t('edition.moveLater', { number })}
                    title={t('edition.moveLater', { number })}
                    onClick={() => move(index, index + 1)}
                  >
                    <span aria-hidden="true">→</span>
                  </button>
                  <button
                    type="button"
                    className="button button--danger-quiet button--small flatplan-page__remove"
                    disabled={edition.pages.length <= 1}
                    aria-label={t('edition.removePageNamed', { number })}
                    onClick={() => setRemoving(page)}
                  >
                    {t('edition.removePage')}
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
        <form
          className="flatplan__add"
          aria-label={t('edition.addPage')}
          onSubmit={(e) => {
            e.preventDefault();
            change((ed) => addPage(ed, { templateId: newTemplate, section: newSection }));
            setNewSection('');
          }}
        >
          <label className="field">
            <span className="field__label">{t('edition.template')}</span>
            <select className="field__select" value={newTemplate} onChange={(e) => setNewTemplate(e.target.value)}>
              {choices.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button" onClick={() => setDesigning('new')}>
            {t('edition.templateDialog.open')}
          </button>
          {edition.templates.some((c) => c.id === newTemplate) && (
            <button type="button" className="button" onClick={() => setDesigning('edit')}>
              {t('edition.templateDialog.edit')}
            </button>
          )}
          <label className="field">
            <span className="field__label">{t('edition.section')}</span>
            <input className="field__input" value={newSection} onChange={(e) => setNewSection(e.target.value)} />
          </label>
          <button type="submit" className="button">
            <span aria-hidden="true" className="button__icon">
              +
            </span>
            {t('edition.addPage')}
          </button>
        </form>
        <EditionDetails key={`${edition.issueNumber}\n${edition.ear ?? ''}`} edition={edition} change={change} />
      </div>
      {aside && <aside className="flatplan__aside">{aside}</aside>}
      {designing && (
        <TemplateDialog
          base={choices.find((c) => c.id === newTemplate) ?? builtInTemplates[0]!}
          editing={designing === 'edit'}
          onClose={() => setDesigning(false)}
          onSave={(template) => {
            if (designing === 'edit') {
              // The edition's own template changed in place: the pages set on it follow.
              change((ed) => ({ ...ed, templates: ed.templates.map((c) => (c.id === template.id ? template : c)) }));
              setDesigning(false);
              return;
            }
            // The edition carries its own templates: the next page added is set on this one.
            change((ed) => ({ ...ed, templates: [...ed.templates, template] }));
            setNewTemplate(template.id);
            setDesigning(false);
          }}
        />
      )}
      {removing && (
        <ConfirmDialog
          title={t('edition.removePageTitle', { number: edition.pages.indexOf(removing) + 1 })}
          text={t('edition.removePageText', { count: removing.placements.length })}
          confirmLabel={t('edition.removePage')}
          cancelLabel={t('story.cancel')}
          danger
          onConfirm={() => {
            const id = removing.id;
            setRemoving(null);
            change((ed) => removePage(ed, id));
          }}
          onCancel={() => setRemoving(null)}
        />
      )}
    </div>
  );
}
