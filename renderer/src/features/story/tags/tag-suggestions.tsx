import { type KeyboardEvent, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TagSuggestion } from '../../../../../shared/text/suggest-tags';

export type SuggestionKeyAction = 'accept' | 'dismiss' | 'next' | 'previous';

/** One key per decision: Enter or A takes a suggestion, Delete, Backspace or D drops it. */
export function suggestionKeyAction(
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>,
): SuggestionKeyAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (e.key) {
    case 'Enter':
    case 'a':
    case 'A':
      return 'accept';
    case 'Delete':
    case 'Backspace':
    case 'd':
    case 'D':
      return 'dismiss';
    case 'ArrowRight':
    case 'ArrowDown':
      return 'next';
    case 'ArrowLeft':
    case 'ArrowUp':
      return 'previous';
    default:
      return null;
  }
}

interface TagSuggestionsProps {
  suggestions: readonly TagSuggestion[];
  onAccept: (suggestion: TagSuggestion) => void;
  onDismiss: (suggestion: TagSuggestion) => void;
  /** Where focus goes when the last suggestion is decided. */
  onEmptied?: () => void;
}

/**
 * Suggested tags as chips. After a decision focus stays in the list (on the chip that took
 * the decided one's place), so a run of suggestions is worked through key by key.
 */
export function TagSuggestions({ suggestions, onAccept, onDismiss, onEmptied }: TagSuggestionsProps) {
  const { t } = useTranslation();
  const hintId = useId();
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  /** Where focus goes once the list has been re-rendered without the decided suggestion. */
  const focusAt = useRef<number | null>(null);

  useEffect(() => {
    const index = focusAt.current;
    if (index === null) return;
    focusAt.current = null;
    if (suggestions.length === 0) onEmptied?.();
    else buttons.current[Math.min(index, suggestions.length - 1)]?.focus();
  }, [suggestions, onEmptied]);

  if (suggestions.length === 0) return null;

  const decide = (index: number, action: 'accept' | 'dismiss') => {
    const suggestion = suggestions[index];
    if (!suggestion) return;
    if (action === 'accept') onAccept(suggestion);
    else onDismiss(suggestion);
    focusAt.current = index;
  };

  const onKeyDown = (index: number) => (e: KeyboardEvent<HTMLButtonElement>) => {
    const action = suggestionKeyAction(e);
    if (!action) return;
    e.preventDefault();
    if (action === 'next') buttons.current[(index + 1) % suggestions.length]?.focus();
    else if (action === 'previous') buttons.current[(index - 1 + suggestions.length) % suggestions.length]?.focus();
    else decide(index, action);
  };

  return (
    <div className="tag-suggestions">
      <p id={hintId} className="field__hint tag-suggestions__hint">
        {t('tags.suggestionsHint')}
      </p>
      <ul className="tag-suggestions__list" aria-label={t('tags.suggestions')}>
        {suggestions.map((s, i) => (
          <li key={`${s.kind}:${s.name}`} className={`tag-chip tag-chip--suggested tag-chip--${s.kind}`}>
            <button
              ref={(el) => {
                buttons.current[i] = el;
              }}
              type="button"
              className="tag-chip__accept"
              aria-label={t('tags.suggestionLabel', { kind: t(`tags.kind.${s.kind}`), name: s.name })}
              aria-describedby={hintId}
              title={t(`tags.reason.${s.reason}`)}
              onClick={() => decide(i, 'accept')}
              onKeyDown={onKeyDown(i)}
            >
              <span className="tag-chip__kind" aria-hidden="true">
                {t(`tags.kind.${s.kind}`)}
              </span>
              <span className="tag-chip__name">{s.name}</span>
            </button>
            <button
              type="button"
              className="tag-chip__remove"
              // Keyboard users dismiss from the chip itself; one tab stop per suggestion.
              tabIndex={-1}
              aria-label={t('tags.dismissSuggestion', { name: s.name })}
              onClick={() => decide(i, 'dismiss')}
            >
              <span aria-hidden="true">×</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
