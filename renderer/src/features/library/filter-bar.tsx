import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoryLanguage, StoryStatus } from '../../../../shared/model';
import {
  type DateRange,
  type FilterChoices,
  type LibraryFilter,
  WORKING_STATUSES,
  type WorkingStatus,
  defaultFilter,
  isFiltered,
} from './library-filter';

interface FilterBarProps {
  filter: LibraryFilter;
  choices: FilterChoices;
  /** Tag names for autocomplete, most used first. */
  tagNames: readonly string[];
  /** Null while only the first screenful of the list has arrived. */
  counts: Record<StoryStatus, number> | null;
  onChange: (filter: LibraryFilter) => void;
}

export function FilterBar({ filter, choices, tagNames, counts, onChange }: FilterBarProps) {
  const { t } = useTranslation();
  const set = (patch: Partial<LibraryFilter>) => onChange({ ...filter, ...patch });
  return (
    // A region rather than a second search landmark: the header's search box is the search.
    <section className="filter-bar" aria-label={t('filters.label')}>
      <StatusChips filter={filter} counts={counts} onChange={set} />
      <div className="filter-bar__fields">
        <SelectFilter
          label={t('filters.section')}
          value={filter.section}
          options={[
            ...choices.sections.map((s) => ({ value: s, label: s })),
            ...(choices.unsectioned ? [{ value: '', label: t('filters.noSection') }] : []),
          ]}
          onChange={(section) => set({ section })}
        />
        <TagFilter value={filter.tag} tagNames={tagNames} onChange={(tag) => set({ tag })} />
        <AuthorFilter value={filter.author} authors={choices.authors} onChange={(author) => set({ author })} />
        <DateFilter value={filter.date} onChange={(date) => set({ date })} />
        <SelectFilter
          label={t('filters.language')}
          value={filter.language}
          options={(['zh-Hans', 'en'] as const).map((l) => ({ value: l, label: t(`language.${l}`) }))}
          onChange={(language) => set({ language: language as StoryLanguage | null })}
        />
        {isFiltered(filter) && (
          <button
            type="button"
            className="button button--quiet button--small filter-bar__clear"
            onClick={() => onChange(defaultFilter())}
          >
            {t('filters.clear')}
          </button>
        )}
      </div>
    </section>
  );
}

function StatusChips({
  filter,
  counts,
  onChange,
}: {
  filter: LibraryFilter;
  counts: Record<StoryStatus, number> | null;
  onChange: (patch: Partial<LibraryFilter>) => void;
}) {
  const { t } = useTranslation();
  const toggle = (status: WorkingStatus) => {
    const on = filter.statuses.includes(status);
    // Kept in workflow order, so the address reads the same whichever chip was clicked first.
    const next = WORKING_STATUSES.filter((s) => (s === status ? !on : filter.statuses.includes(s)));
    onChange({ statuses: next });
  };
  return (
    <div className="filter-chips" role="group" aria-label={t('filters.status')}>
      <span className="filter-bar__label" aria-hidden="true">
        {t('filters.status')}
      </span>
      {WORKING_STATUSES.map((status) => (
        <button
          key={status}
          type="button"
          className={`filter-chip filter-chip--${status}`}
          aria-pressed={filter.statuses.includes(status)}
          onClick={() => toggle(status)}
        >
          {t(`status.${status}`)}
          <span className="filter-chip__count">{counts ? counts[status] : '…'}</span>
        </button>
      ))}
      <button
        type="button"
        className="filter-chip filter-chip--spiked"
        aria-pressed={filter.showSpiked}
        onClick={() => onChange({ showSpiked: !filter.showSpiked })}
      >
        {t('filters.showSpiked')}
        <span className="filter-chip__count">{counts ? counts.spiked : '…'}</span>
      </button>
    </div>
  );
}

interface SelectFilterProps {
  label: string;
  value: string | null;
  options: { value: string; label: string }[];
  onChange: (value: string | null) => void;
}

/** A select whose first option means "any"; the empty string is a real value (no section). */
function SelectFilter({ label, value, options, onChange }: SelectFilterProps) {
  const { t } = useTranslation();
  const id = useId();
  const ANY = '\u0000any';
  return (
    <div className="filter-field">
      <label className="filter-bar__label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="filter-field__control"
        value={value ?? ANY}
        onChange={(e) => onChange(e.target.value === ANY ? null : e.target.value)}
      >
        <option value={ANY}>{t('filters.any')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function TagFilter({
  value,
  tagNames,
  onChange,
}: {
  value: string;
  tagNames: readonly string[];
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <SuggestField
      kind="tag"
      label={t('filters.tag')}
      placeholder={t('filters.tagPlaceholder')}
      value={value}
      suggestions={tagNames}
      onChange={onChange}
    />
  );
}

/** A filter typed into a search field, with a list of suggestions the browser offers as you type. */
function SuggestField({
  kind,
  label,
  placeholder,
  value,
  suggestions,
  onChange,
}: {
  kind: string;
  label: string;
  placeholder: string;
  value: string;
  suggestions: readonly string[];
  onChange: (value: string) => void;
}) {
  const id = useId();
  const listId = useId();
  return (
    <div className={`filter-field filter-field--${kind}`}>
      <label className="filter-bar__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        type="search"
        className="filter-field__control"
        list={listId}
        value={value}
        placeholder={placeholder}
        autoComplete="off"
        onChange={(e) => onChange(e.target.value)}
      />
      <datalist id={listId}>
        {suggestions.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
    </div>
  );
}

/** Suggestions shown for what is typed: a newsroom has thousands of bylines, a list of all of them helps no one. */
const AUTHOR_SUGGESTIONS = 30;

/**
 * The author filter: type a name, pick it from the suggestions. It filters once the text is
 * one of the library's authors; clearing it shows everyone's stories again.
 */
function AuthorFilter({
  value,
  authors,
  onChange,
}: {
  value: string | null;
  authors: readonly string[];
  onChange: (value: string | null) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(value ?? '');
  const [shown, setShown] = useState(value);
  // Changed from outside (clear filters, an address with ?author=): adjusted during render.
  if (shown !== value) {
    setShown(value);
    setText(value ?? '');
  }
  const typed = text.trim();
  const suggestions = useMemo(() => {
    if (!typed) return [];
    const out: string[] = [];
    for (const author of authors) {
      if (author.includes(typed)) out.push(author);
      if (out.length === AUTHOR_SUGGESTIONS) break;
    }
    return out;
  }, [authors, typed]);
  return (
    <SuggestField
      kind="author"
      label={t('filters.author')}
      placeholder={t('filters.authorPlaceholder')}
      value={text}
      suggestions={suggestions}
      onChange={(next) => {
        setText(next);
        const name = next.trim();
        if (!name) onChange(null);
        else if (authors.includes(name)) onChange(name);
      }}
    />
  );
}

function DateFilter({ value, onChange }: { value: DateRange; onChange: (value: DateRange) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const fromId = useId();
  const toId = useId();
  return (
    <div className="filter-field filter-field--date">
      <label className="filter-bar__label" htmlFor={id}>
        {t('filters.date')}
      </label>
      <div className="filter-field__row">
        <select
          id={id}
          className="filter-field__control"
          value={value.kind}
          onChange={(e) => {
            const kind = e.target.value;
            if (kind === 'custom') onChange({ kind: 'custom', from: '', to: '' });
            else if (kind === 'today' || kind === 'week' || kind === 'any') onChange({ kind });
          }}
        >
          <option value="any">{t('filters.any')}</option>
          <option value="today">{t('filters.today')}</option>
          <option value="week">{t('filters.week')}</option>
          <option value="custom">{t('filters.custom')}</option>
        </select>
        {value.kind === 'custom' && (
          <>
            <label className="visually-hidden" htmlFor={fromId}>
              {t('filters.from')}
            </label>
            <input
              id={fromId}
              type="date"
              className="filter-field__control"
              value={value.from}
              max={value.to || undefined}
              onChange={(e) => onChange({ ...value, from: e.target.value })}
            />
            <span aria-hidden="true">–</span>
            <label className="visually-hidden" htmlFor={toId}>
              {t('filters.to')}
            </label>
            <input
              id={toId}
              type="date"
              className="filter-field__control"
              value={value.to}
              min={value.from || undefined}
              onChange={(e) => onChange({ ...value, to: e.target.value })}
            />
          </>
        )}
      </div>
    </div>
  );
}
