import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoryLanguage, Tag } from '../../../../../shared/model';
import type { TagSuggestion } from '../../../../../shared/text/suggest-tags';
import { api } from '../../../api/client';
import { TagInput } from './tag-input';
import { addTag, groupTags, hasTag, removeTag, tagKey } from './tag-list';
import { TagSuggestions } from './tag-suggestions';
import { useDebouncedValue } from '../../../ui/use-debounced-value';
import { useKnownTags } from './use-known-tags';

/** Suggestions read the whole story: redo them when typing pauses, not per keystroke. */
const SUGGEST_DELAY_MS = 700;
const SHOWN_SUGGESTIONS = 8;

interface TagsPanelProps {
  tags: readonly Tag[];
  /** Headlines and body as plain text, for suggestions. */
  text: string;
  /** The byline: the people it names are known to the suggestions. */
  byline: string;
  language: StoryLanguage;
  onChange: (tags: Tag[]) => void;
}

export function TagsPanel({ tags, text, byline, language, onChange }: TagsPanelProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const known = useKnownTags();
  const settledText = useDebouncedValue(text, SUGGEST_DELAY_MS);
  // Dismissed for as long as this story is open: a suggestion waved away must not come back.
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(() => new Set());
  const inputArea = useRef<HTMLDivElement>(null);

  const settledByline = useDebouncedValue(byline, SUGGEST_DELAY_MS);
  const [raw, setRaw] = useState<readonly TagSuggestion[]>([]);

  // The core reads the text with a Chinese word segmenter and the library's tags (electron/text),
  // which it reads itself. Existing tags are filtered here rather than passed in, so accepting
  // one does not rerun the analysis; a generous limit leaves room for what the filter takes out.
  useEffect(() => {
    let live = true;
    if (!settledText.trim()) return;
    api.suggestTags({ text: settledText, language, byline: settledByline, limit: 40 }).then(
      (suggestions) => {
        if (live) setRaw(suggestions);
      },
      // Suggestions are a help, not a duty: the panel keeps what it showed.
      () => {},
    );
    return () => {
      live = false;
    };
  }, [settledText, settledByline, language]);
  // Text emptied: what was suggested for the old text no longer applies.
  const current = settledText.trim() ? raw : [];
  const suggestions = current.filter((s) => !hasTag(tags, s) && !dismissed.has(tagKey(s))).slice(0, SHOWN_SUGGESTIONS);

  const focusInput = useCallback(() => inputArea.current?.querySelector('input')?.focus(), []);

  return (
    <section className="meta-section tags" aria-labelledby={titleId}>
      <h2 id={titleId} className="meta-section__title">
        {t('tags.title')}
      </h2>
      {tags.length === 0 ? (
        <p className="field__hint">{t('tags.none')}</p>
      ) : (
        groupTags(tags).map((group) => (
          <div key={group.kind} className="tags__group">
            <h3 className="tags__kind">{t(`tags.kind.${group.kind}`)}</h3>
            <ul className="tags__chips" aria-label={t(`tags.kind.${group.kind}`)}>
              {group.tags.map((tag) => (
                <li key={tagKey(tag)} className={`tag-chip tag-chip--${tag.kind}`}>
                  <span className="tag-chip__name">{tag.name}</span>
                  <button
                    type="button"
                    className="tag-chip__remove"
                    aria-label={t('tags.remove', { name: tag.name })}
                    onClick={() => onChange(removeTag(tags, tag))}
                  >
                    <span aria-hidden="true">×</span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ))
      )}
      <div ref={inputArea}>
        <TagInput tags={tags} known={known} onAdd={(tag) => onChange(addTag(tags, tag))} />
      </div>
      <TagSuggestions
        suggestions={suggestions}
        onAccept={(s) => onChange(addTag(tags, { kind: s.kind, name: s.name }))}
        onDismiss={(s) => setDismissed((d) => new Set(d).add(tagKey(s)))}
        onEmptied={focusInput}
      />
    </section>
  );
}
