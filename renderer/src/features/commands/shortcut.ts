/**
 * Keyboard shortcuts written the way TipTap and ProseMirror write them: `Mod-Alt-n`,
 * `Mod-Shift-p`, `Alt-PageDown`, `F1`. `Mod` is ⌘ on a Mac and Ctrl elsewhere.
 */

export interface ParsedShortcut {
  mod: boolean;
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  /** The key: a lower-case letter or digit, or a KeyboardEvent.key name (ArrowDown, F1, Escape). */
  key: string;
}

export const isMacPlatform = (): boolean =>
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

export function parseShortcut(shortcut: string): ParsedShortcut {
  const parts = shortcut.split(/-(?!$)/);
  const key = parts.pop() ?? '';
  const parsed: ParsedShortcut = { mod: false, ctrl: false, alt: false, shift: false, key: '' };
  for (const part of parts) {
    const name = part.toLowerCase();
    if (name === 'mod') parsed.mod = true;
    else if (name === 'ctrl' || name === 'control') parsed.ctrl = true;
    else if (name === 'alt' || name === 'option') parsed.alt = true;
    else if (name === 'shift') parsed.shift = true;
    else throw new Error(`Unknown modifier "${part}" in shortcut "${shortcut}"`);
  }
  parsed.key = key.length === 1 ? key.toLowerCase() : key;
  return parsed;
}

/**
 * The key an event stands for, independent of what Alt or Shift did to the character: on a
 * Mac, Alt-N types "˜" and Shift-1 is "!", so letters and digits are read from the key code.
 */
export function eventKey(event: Pick<KeyboardEvent, 'key' | 'code'>): string {
  const letter = /^Key([A-Z])$/.exec(event.code);
  if (letter) return letter[1]!.toLowerCase();
  const digit = /^(?:Digit|Numpad)(\d)$/.exec(event.code);
  if (digit) return digit[1]!;
  return event.key.length === 1 ? event.key.toLowerCase() : event.key;
}

type KeyEventLike = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

export function matchesShortcut(event: KeyEventLike, shortcut: ParsedShortcut, mac = isMacPlatform()): boolean {
  const wantCtrl = shortcut.ctrl || (shortcut.mod && !mac);
  const wantMeta = shortcut.mod && mac;
  return (
    event.ctrlKey === wantCtrl &&
    event.metaKey === wantMeta &&
    event.altKey === shortcut.alt &&
    event.shiftKey === shortcut.shift &&
    eventKey(event) === shortcut.key
  );
}

/** Whether a shortcut can be pressed while typing: plain keys and Shift+key would type text. */
export const hasCommandModifier = (shortcut: ParsedShortcut): boolean =>
  shortcut.mod || shortcut.ctrl || shortcut.alt || /^F\d+$/.test(shortcut.key);

const KEY_NAMES: Record<string, { mac: string; other: string }> = {
  ArrowUp: { mac: '↑', other: '↑' },
  ArrowDown: { mac: '↓', other: '↓' },
  ArrowLeft: { mac: '←', other: '←' },
  ArrowRight: { mac: '→', other: '→' },
  PageUp: { mac: 'PgUp', other: 'PgUp' },
  PageDown: { mac: 'PgDn', other: 'PgDn' },
  Escape: { mac: 'Esc', other: 'Esc' },
  Enter: { mac: '↩', other: 'Enter' },
};

/** As people read it: "Ctrl+Alt+N" elsewhere, "⌃⌥⌘N" on a Mac. */
export function formatShortcut(shortcut: string, mac = isMacPlatform()): string {
  const s = parseShortcut(shortcut);
  const name = KEY_NAMES[s.key]?.[mac ? 'mac' : 'other'] ?? (s.key.length === 1 ? s.key.toUpperCase() : s.key);
  if (mac) {
    return `${s.ctrl ? '⌃' : ''}${s.alt ? '⌥' : ''}${s.shift ? '⇧' : ''}${s.mod ? '⌘' : ''}${name}`;
  }
  return [s.ctrl || s.mod ? 'Ctrl' : '', s.alt ? 'Alt' : '', s.shift ? 'Shift' : '', name].filter(Boolean).join('+');
}
