import { type KeyboardEvent, useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ModalDialog } from '../../ui/modal-dialog';
import type { Command, CommandRegistry } from './command-registry';
import { filterPalette } from './palette-filter';
import { ShortcutKeys } from './shortcut-keys';
import './commands.css';

interface CommandPaletteProps {
  registry: CommandRegistry;
  onRun: (command: Command) => void;
  onClose: () => void;
}

/**
 * A filter box over every command available now. The input is a combobox that owns the
 * list (aria-activedescendant), so focus stays in the box while the arrows move the choice.
 */
export function CommandPalette({ registry, onRun, onClose }: CommandPaletteProps) {
  const { t, i18n } = useTranslation();
  const listId = useId();
  const inputId = useId();
  // What is available when the palette opens; the dialog makes the page behind it inert.
  const [commands] = useState(() => registry.available());
  const entries = useMemo(() => {
    const english = i18n.getFixedT('en');
    const chinese = i18n.getFixedT('zh-CN');
    return commands.map((command) => ({
      id: command.id,
      command,
      titles: [
        command.title(t),
        command.title(english),
        command.title(chinese),
        ...(command.keywords ? [command.keywords(english), command.keywords(chinese)] : []),
      ],
    }));
  }, [commands, t, i18n]);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const results = useMemo(() => filterPalette(entries, query), [entries, query]);
  const activeIndex = Math.min(active, results.length - 1);
  const optionId = (index: number) => `${listId}-${index}`;

  useEffect(() => {
    if (activeIndex >= 0) document.getElementById(`${listId}-${activeIndex}`)?.scrollIntoView({ block: 'nearest' });
  }, [activeIndex, listId]);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return;
    const count = results.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (count) setActive((activeIndex + (event.key === 'ArrowDown' ? 1 : -1) + count) % count);
    } else if (event.key === 'Home' && event.ctrlKey) {
      event.preventDefault();
      setActive(0);
    } else if (event.key === 'End' && event.ctrlKey) {
      event.preventDefault();
      setActive(Math.max(0, count - 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const chosen = results[activeIndex];
      if (chosen) onRun(chosen.command);
    }
  };

  return (
    <ModalDialog title={t('commands.palette')} onClose={onClose} className="command-palette">
      <label className="visually-hidden" htmlFor={inputId}>
        {t('commands.filter')}
      </label>
      <input
        id={inputId}
        className="command-palette__input"
        type="text"
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeIndex >= 0 ? optionId(activeIndex) : undefined}
        placeholder={t('commands.filterPlaceholder')}
        autoComplete="off"
        spellCheck={false}
        autoFocus
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} className="command-palette__list" role="listbox" aria-label={t('commands.palette')}>
        {results.map((entry, index) => (
          <li
            key={entry.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === activeIndex}
            className="command-palette__option"
            onMouseMove={() => index !== activeIndex && setActive(index)}
            onClick={() => onRun(entry.command)}
          >
            <span className="command-palette__title">{entry.titles[0]}</span>
            {entry.command.shortcuts?.length ? <ShortcutKeys shortcuts={entry.command.shortcuts} /> : null}
          </li>
        ))}
      </ul>
      {results.length === 0 && <p className="command-palette__empty">{t('commands.noMatch')}</p>}
    </ModalDialog>
  );
}
