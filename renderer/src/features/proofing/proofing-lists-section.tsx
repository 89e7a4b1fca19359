import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HOUSE_LIST_NAMES, type HouseListName, type HouseLists } from '../../../../shared/proofing/lists';
import { api } from '../../api/client';
import { houseListsChanged } from './use-proofer';
import './proofing.css';

/**
 * The house's proofing lists in Settings: one plain-text list at a time, edited here or
 * imported from and exported to a .txt file (the library keeps them as proofing/<list>.txt).
 */
export function ProofingListsSection() {
  const { t } = useTranslation();
  const titleId = useId();
  const textId = useId();
  const [lists, setLists] = useState<HouseLists | null>(null);
  const [list, setList] = useState<HouseListName>('sensitive');
  const [text, setText] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    api.getProofingLists().then(
      (loaded) => {
        if (!live) return;
        setLists(loaded);
        setText(loaded.sensitive);
      },
      (e: unknown) => live && setMessage({ kind: 'error', text: (e as Error).message }),
    );
    return () => {
      live = false;
    };
  }, []);

  const changed = (next: HouseLists) => {
    setLists(next);
    houseListsChanged(next);
  };
  const choose = (next: HouseListName) => {
    setList(next);
    setText(lists?.[next] ?? '');
    setMessage(null);
  };
  const save = async () => {
    try {
      changed(await api.saveProofingList({ list, text }));
      setMessage({ kind: 'ok', text: t('proofing.lists.saved') });
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
    }
  };
  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setText(await file.text());
    setMessage({ kind: 'ok', text: t('proofing.lists.imported', { name: file.name }) });
  };
  const exportFile = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `proofing-${list}.txt`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  };

  if (!lists) return null;
  return (
    <section className="proofing-lists" aria-labelledby={titleId}>
      <h3 id={titleId} className="word-styles__title">
        {t('proofing.lists.title')}
      </h3>
      <p className="field__hint">{t('proofing.lists.hint')}</p>
      <div className="proofing-lists__row">
        <label className="field">
          <span className="field__label">{t('proofing.lists.list')}</span>
          <select value={list} onChange={(e) => choose(e.target.value as HouseListName)}>
            {HOUSE_LIST_NAMES.map((name) => (
              <option key={name} value={name}>
                {t(`proofing.lists.names.${name}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('proofing.lists.variant')}</span>
          <select
            value={lists.settings.englishVariant}
            onChange={(e) =>
              void api
                .saveProofingSettings({ ...lists.settings, englishVariant: e.target.value as 'en-US' | 'en-GB' })
                .then(changed)
            }
          >
            <option value="en-US">en-US</option>
            <option value="en-GB">en-GB</option>
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('proofing.lists.headlineCase')}</span>
          <select
            value={lists.settings.headlineCase}
            onChange={(e) =>
              void api
                .saveProofingSettings({
                  ...lists.settings,
                  headlineCase: e.target.value as 'sentence' | 'title' | 'off',
                })
                .then(changed)
            }
          >
            {(['sentence', 'title', 'off'] as const).map((c) => (
              <option key={c} value={c}>
                {t(`proofing.lists.case.${c}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="field" htmlFor={textId}>
        <span className="field__label">{t(`proofing.lists.formats.${list}`)}</span>
      </label>
      <textarea
        id={textId}
        className="proofing-lists__text"
        rows={8}
        value={text}
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="proofing-lists__actions">
        <button type="button" className="button button--primary" onClick={() => void save()}>
          {t('proofing.lists.save')}
        </button>
        <button type="button" className="button" onClick={() => fileInput.current?.click()}>
          {t('proofing.lists.import')}
        </button>
        <button type="button" className="button" onClick={exportFile}>
          {t('proofing.lists.export')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".txt,text/plain"
          hidden
          aria-label={t('proofing.lists.import')}
          onChange={(e) => void importFile(e.target.files?.[0])}
        />
      </div>
      {message && (
        <p className={`proofing-lists__message proofing-lists__message--${message.kind}`} role="status">
          {message.text}
        </p>
      )}
    </section>
  );
}
