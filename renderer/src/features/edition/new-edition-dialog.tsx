import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditionSummary } from '../../../../shared/model/edition';
import { builtInTemplates } from '../../../../shared/model/templates';
import { api } from '../../api/client';
import { ErrorNotice } from '../../ui/error-notice';
import { ModalDialog } from '../../ui/modal-dialog';

interface NewEditionDialogProps {
  /** The latest edition: the new one continues its publication and issue numbering. */
  previous: EditionSummary | null;
  onClose: () => void;
  onCreated: (id: string) => void;
}

/** Tomorrow's date in the local calendar: the desk lays out the next day's paper. */
function tomorrow(): string {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Sections typed as a list: commas, Chinese commas, 顿号 or line breaks between them. */
export const splitSections = (text: string): string[] =>
  text
    .split(/[,，、;；\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

export function NewEditionDialog({ previous, onClose, onCreated }: NewEditionDialogProps) {
  const { t } = useTranslation();
  const formId = useId();
  const [publication, setPublication] = useState(previous?.publication ?? '');
  const [date, setDate] = useState(tomorrow);
  const [issue, setIssue] = useState(String(previous ? previous.issueNumber + 1 : 1));
  const [templateId, setTemplateId] = useState(builtInTemplates[0]!.id);
  const [pageCount, setPageCount] = useState('4');
  const [sections, setSections] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const edition = await api.createEdition({
        publication: publication.trim(),
        date,
        issueNumber: Math.max(0, Math.floor(Number(issue) || 0)),
        templateId,
        pageCount: Math.min(200, Math.max(1, Math.floor(Number(pageCount) || 1))),
        sections: splitSections(sections),
      });
      onCreated(edition.id);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <ModalDialog
      title={t('edition.newTitle')}
      onClose={onClose}
      className="modal--new-edition"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('story.cancel')}
          </button>
          <button type="submit" form={formId} className="button button--primary" disabled={busy}>
            {t('edition.create')}
          </button>
        </>
      }
    >
      {error !== null && <ErrorNotice error={error} />}
      <form id={formId} className="edition-form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span className="field__label">{t('edition.publication')}</span>
          <input
            className="field__input"
            required
            value={publication}
            placeholder={t('edition.publicationPlaceholder')}
            onChange={(e) => setPublication(e.target.value)}
          />
        </label>
        <div className="edition-form__row">
          <label className="field">
            <span className="field__label">{t('edition.date')}</span>
            <input
              className="field__input"
              type="date"
              required
              value={date}
              onChange={(e) => setDate(e.target.value)}
            />
          </label>
          <label className="field">
            <span className="field__label">{t('edition.issue')}</span>
            <input
              className="field__input"
              type="number"
              min={0}
              required
              value={issue}
              onChange={(e) => setIssue(e.target.value)}
            />
          </label>
        </div>
        <div className="edition-form__row">
          <label className="field">
            <span className="field__label">{t('edition.template')}</span>
            <select className="field__input" value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
              {builtInTemplates.map((template) => (
                <option key={template.id} value={template.id}>
                  {template.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field__label">{t('edition.pageCountLabel')}</span>
            <input
              className="field__input"
              type="number"
              min={1}
              max={200}
              required
              value={pageCount}
              onChange={(e) => setPageCount(e.target.value)}
            />
          </label>
        </div>
        <label className="field">
          <span className="field__label">{t('edition.sections')}</span>
          <input
            className="field__input"
            value={sections}
            placeholder={t('edition.sectionsPlaceholder')}
            onChange={(e) => setSections(e.target.value)}
          />
          <span className="field__hint">{t('edition.sectionsHint')}</span>
        </label>
      </form>
    </ModalDialog>
  );
}
