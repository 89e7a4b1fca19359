import { useId, useState } from 'react';

interface NumberFieldProps {
  label: string;
  value: number | null;
  min: number;
  max: number;
  /** Called with each valid whole number typed, or null when the field is emptied (if allowed). */
  onChange: (value: number | null) => void;
  allowEmpty?: boolean;
  className?: string;
}

/**
 * A whole-number input that commits only valid values: while the user is halfway through
 * typing ("", "1" on the way to "120") the story keeps its last valid value, and leaving
 * the field shows that value again.
 */
export function NumberField({ label, value, min, max, onChange, allowEmpty, className }: NumberFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState(value === null ? '' : String(value));
  // A value changed from outside (a recovered draft, another field) replaces the draft, unless
  // the draft already says the same ("060" stays as typed). Adjusted during render, as React advises.
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    if (parse(draft, min, max) !== value) setDraft(value === null ? '' : String(value));
  }
  return (
    <div className={`field field--number ${className ?? ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="field__input field__input--number"
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        value={draft}
        onChange={(e) => {
          setDraft(e.target.value);
          const parsed = parse(e.target.value, min, max);
          if (parsed !== null) onChange(parsed);
          else if (allowEmpty && e.target.value.trim() === '') onChange(null);
        }}
        onBlur={() => setDraft(value === null ? '' : String(value))}
      />
    </div>
  );
}

function parse(text: string, min: number, max: number): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const n = Number(text);
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
}
