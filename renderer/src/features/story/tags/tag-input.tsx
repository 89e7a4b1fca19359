import { type KeyboardEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TagCount } from '../../../../../shared/ipc/contract';
import type { Tag, TagKind } from '../../../../../shared/model';
import { TAG_KINDS, matchKnownTags } from './tag-list';

interface TagInputProps {
  tags: readonly Tag[];
  known: readonly TagCount[];
  onAdd: (tag: Tag) => void;
}

/**
 * A kind and a name, with the library's matching tags offered as a listbox (ARIA combobox
 * pattern): arrows move through them, Enter takes the highlighted one (with its own kind)
 * or, with none highlighted, the typed name with the chosen kind.
 */
export function TagInput({ tags, known, onAdd }: TagInputProps) {
  const { t } = useTranslation();
  const listId = useId();
  const optionId = useId();
  const [kind, setKind] = useState<TagKind>('keyword');
  const [text, setText] = useState('');
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const matches = open ? matchKnownTags(known, text, tags) : [];

  const add = (tag: Tag) => {
    onAdd(tag);
    setText('');
    setActive(-1);
    setOpen(false);
  };
  const addTyped = () => {
    const chosen = matches[active];
    if (chosen) add({ kind: chosen.kind, name: chosen.name });
    else if (text.trim()) add({ kind, name: text });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && matches.length > 0) {
      e.preventDefault();
      setActive((i) => (i + 1) % matches.length);
    } else if (e.key === 'ArrowUp' && matches.length > 0) {
      e.preventDefault();
      setActive((i) => (i <= 0 ? matches.length - 1 : i - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      addTyped();
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  };

  return (
    <div className="tag-input">
      <select
        className="field__select tag-input__kind"
        aria-label={t('tags.kindLabel')}
        value={kind}
        onChange={(e) => setKind(TAG_KINDS.find((k) => k === e.target.value) ?? 'keyword')}
      >
        {TAG_KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`tags.kind.${k}`)}
          </option>
        ))}
      </select>
      <div className="tag-input__combo">
        <input
          className="field__input tag-input__name"
          type="text"
          role="combobox"
          aria-label={t('tags.addLabel')}
          aria-autocomplete="list"
          aria-expanded={matches.length > 0}
          aria-controls={listId}
          aria-activedescendant={active >= 0 && matches[active] ? `${optionId}-${active}` : undefined}
          autoComplete="off"
          maxLength={120}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setActive(-1);
            setOpen(true);
          }}
          onBlur={() => setOpen(false)}
          onFocus={() => setOpen(true)}
          onKeyDown={onKeyDown}
        />
        <ul
          id={listId}
          role="listbox"
          className="tag-input__list"
          aria-label={t('tags.known')}
          hidden={matches.length === 0}
        >
          {matches.map((m, i) => (
            <li
              key={`${m.kind}:${m.name}`}
              id={`${optionId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={`tag-input__option ${i === active ? 'is-active' : ''}`}
              // mousedown, not click: the input must keep focus (its blur closes the list).
              onMouseDown={(e) => {
                e.preventDefault();
                add({ kind: m.kind, name: m.name });
              }}
            >
              <span className="tag-input__option-name">{m.name}</span>
              <span className="tag-input__option-meta">
                {t(`tags.kind.${m.kind}`)} · {m.count}
              </span>
            </li>
          ))}
        </ul>
      </div>
      <button type="button" className="button button--small" disabled={!text.trim()} onClick={addTyped}>
        {t('tags.add')}
      </button>
    </div>
  );
}
