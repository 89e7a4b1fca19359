import { type ChangeEvent, type KeyboardEvent, useId } from 'react';
import type { StoryLanguage } from '../../../../../shared/model';
import { type LineFieldName, lineMaxLength, toSingleLine } from './editable-fields';

interface LineFieldProps {
  name: LineFieldName;
  label: string;
  value: string;
  /** The story's language, not the interface's: it picks fonts, spellcheck and line breaking. */
  language: StoryLanguage;
  onChange: (name: LineFieldName, value: string) => void;
  /** Headlines wrap as they grow, so a long 主题 stays visible in full. */
  wraps?: boolean;
  className?: string;
}

export function LineField({ name, label, value, language, onChange, wraps, className }: LineFieldProps) {
  const id = useId();
  const common = {
    id,
    name,
    value,
    lang: language,
    maxLength: lineMaxLength[name],
    spellCheck: language === 'en',
    autoComplete: 'off',
    className: `field__input field__input--${name}`,
  };
  return (
    <div className={`field field--${name} ${className ?? ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {wraps ? (
        <textarea
          {...common}
          rows={1}
          onChange={(e: ChangeEvent<HTMLTextAreaElement>) => onChange(name, toSingleLine(e.target.value))}
          onKeyDown={(e: KeyboardEvent<HTMLTextAreaElement>) => {
            // A headline is one line in the data; Enter would only be stripped again.
            if (e.key === 'Enter') e.preventDefault();
          }}
        />
      ) : (
        <input {...common} type="text" onChange={(e) => onChange(name, toSingleLine(e.target.value))} />
      )}
    </div>
  );
}
