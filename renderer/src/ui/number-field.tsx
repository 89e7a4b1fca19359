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
  /** The input's own class (its size); the project's number input by default. */
  inputClassName?: string;
  /** 0.5 takes halves too (a headline's point size); whole numbers by default. */
  step?: number;
}

/**
 * A number input that commits only valid values: while the user is halfway through typing
 * ("", "1" on the way to "120", "10." on the way to "10.5") what it edits keeps its last valid
 * value, and leaving the field shows that value again. A plain controlled input would put the
 * last valid value back under the caret at every invalid step, so "12" could not be typed
 * where 6 is the least allowed.
 */
export function NumberField({
  label,
  value,
  min,
  max,
  onChange,
  allowEmpty,
  className,
  inputClassName = 'field__input field__input--number',
  step = 1,
}: NumberFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState(value === null ? '' : String(value));
  // A value changed from outside (a recovered draft, another field) replaces the draft, unless
  // the draft already says the same ("060" stays as typed). Adjusted during render, as React advises.
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    if (parse(draft, min, max, step) !== value) setDraft(value === null ? '' : String(value));
  }
  return (
    <div className={`field field--number ${className ?? ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className={inputClassName}
        type="number"
        inputMode={Number.isInteger(step) ? 'numeric' : 'decimal'}
        min={min}
        max={max}
        step={step}
        value={draft}
        onChange={(e) => {
          setDraft(e.target.value);
          const parsed = parse(e.target.value, min, max, step);
          if (parsed !== null) onChange(parsed);
          else if (allowEmpty && e.target.value.trim() === '') onChange(null);
        }}
        onBlur={() => setDraft(value === null ? '' : String(value))}
      />
    </div>
  );
}

function parse(text: string, min: number, max: number, step: number): number | null {
  if (!(Number.isInteger(step) ? /^\s*\d+\s*$/ : /^\s*\d+(\.\d+)?\s*$/).test(text)) return null;
  const n = Number(text);
  // On the step's grid (whole numbers, or halves for a step of 0.5), within the limits.
  const onStep = Math.abs(n / step - Math.round(n / step)) < 1e-9;
  return onStep && n >= min && n <= max ? n : null;
}
