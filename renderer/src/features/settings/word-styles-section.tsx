import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type SettingsPatch, type WordStyle, WordStyleRole } from '../../../../shared/model';

interface WordStylesSectionProps {
  styles: readonly WordStyle[];
  onUpdate: (patch: SettingsPatch) => Promise<void>;
}

/**
 * The newsroom's own Word paragraph styles and the story field each fills on import
 * (Title, Heading 1–3, Subtitle, Quote and the common Chinese names are built in).
 */
export function WordStylesSection({ styles, onUpdate }: WordStylesSectionProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const [name, setName] = useState('');
  const [role, setRole] = useState<WordStyleRole>('kicker');
  const roleLabel = (r: WordStyleRole) => t(`wordStyles.roles.${r}`);

  const add = async () => {
    const style = name.trim();
    if (!style) return;
    await onUpdate({ wordStyles: [...styles.filter((s) => s.style !== style), { style, role }] });
    setName('');
  };

  return (
    <section className="word-styles" aria-labelledby={titleId}>
      <h3 id={titleId} className="word-styles__title">
        {t('wordStyles.title')}
      </h3>
      <p className="field__hint">{t('wordStyles.hint')}</p>
      {styles.length > 0 && (
        <ul className="word-styles__list">
          {styles.map((s) => (
            <li key={s.style} className="word-styles__row">
              <span className="word-styles__name">{s.style}</span>
              <span aria-hidden="true">→</span>
              <span>{roleLabel(s.role)}</span>
              <button
                type="button"
                className="button button--small button--quiet"
                aria-label={t('wordStyles.remove', { style: s.style })}
                onClick={() => void onUpdate({ wordStyles: styles.filter((x) => x.style !== s.style) })}
              >
                {t('wordStyles.removeShort')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="word-styles__add">
        <input
          className="field__input"
          type="text"
          value={name}
          maxLength={100}
          aria-label={t('wordStyles.styleName')}
          placeholder={t('wordStyles.styleName')}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void add();
          }}
        />
        <select
          className="field__input"
          value={role}
          aria-label={t('wordStyles.role')}
          onChange={(e) => setRole(WordStyleRole.parse(e.target.value))}
        >
          {WordStyleRole.options.map((r) => (
            <option key={r} value={r}>
              {roleLabel(r)}
            </option>
          ))}
        </select>
        <button type="button" className="button button--small" disabled={!name.trim()} onClick={() => void add()}>
          {t('wordStyles.add')}
        </button>
      </div>
    </section>
  );
}
