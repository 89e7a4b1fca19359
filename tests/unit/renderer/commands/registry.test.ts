// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Command, CommandRegistry } from '../../../../renderer/src/features/commands/command-registry';
import { filterPalette } from '../../../../renderer/src/features/commands/palette-filter';
import {
  eventKey,
  formatShortcut,
  matchesShortcut,
  parseShortcut,
} from '../../../../renderer/src/features/commands/shortcut';

const command = (over: Partial<Command> & Pick<Command, 'id'>): Command => ({
  title: () => over.id,
  group: 'app',
  run: vi.fn(),
  ...over,
});

type KeyInit = { key: string; code?: string; ctrl?: boolean; meta?: boolean; alt?: boolean; shift?: boolean };

const press = (registry: CommandRegistry, init: KeyInit, target: HTMLElement = document.body): KeyboardEvent => {
  const event = new KeyboardEvent('keydown', {
    key: init.key,
    code: init.code ?? '',
    ctrlKey: init.ctrl ?? false,
    metaKey: init.meta ?? false,
    altKey: init.alt ?? false,
    shiftKey: init.shift ?? false,
    bubbles: true,
    cancelable: true,
  });
  Object.defineProperty(event, 'target', { value: target });
  registry.handleKeyDown(event);
  return event;
};

afterEach(() => {
  document.body.innerHTML = '';
});

describe('shortcuts', () => {
  it('parse TipTap notation and match events by key code, so Alt and Shift do not change the key', () => {
    const s = parseShortcut('Mod-Alt-n');
    expect(s).toEqual({ mod: true, ctrl: false, alt: true, shift: false, key: 'n' });
    // On a Mac, Alt-N types "˜": the code still says KeyN.
    const macEvent = { key: '˜', code: 'KeyN', ctrlKey: false, metaKey: true, altKey: true, shiftKey: false };
    expect(matchesShortcut(macEvent, s, true)).toBe(true);
    expect(matchesShortcut(macEvent, s, false)).toBe(false);
    expect(matchesShortcut({ ...macEvent, metaKey: false, ctrlKey: true }, s, false)).toBe(true);
    expect(eventKey({ key: '!', code: 'Digit1' })).toBe('1');
    expect(parseShortcut('Mod--')).toMatchObject({ mod: true, key: '-' });
    expect(parseShortcut('Alt-PageDown')).toMatchObject({ alt: true, key: 'PageDown' });
  });

  it('read as people expect on each platform', () => {
    expect(formatShortcut('Mod-Shift-p', false)).toBe('Ctrl+Shift+P');
    expect(formatShortcut('Mod-Shift-p', true)).toBe('⇧⌘P');
    expect(formatShortcut('Mod-Alt-ArrowDown', false)).toBe('Ctrl+Alt+↓');
    expect(formatShortcut('F1', false)).toBe('F1');
  });
});

describe('the command registry', () => {
  it('runs the command bound to a key and stops the browser default', () => {
    const registry = new CommandRegistry();
    const run = vi.fn();
    registry.register(command({ id: 'app.new', shortcuts: ['Mod-Alt-n'], run }));
    const event = press(registry, { key: 'n', code: 'KeyN', ctrl: true, alt: true });
    expect(run).toHaveBeenCalledOnce();
    expect(event.defaultPrevented).toBe(true);
    press(registry, { key: 'n', code: 'KeyN', ctrl: true });
    expect(run).toHaveBeenCalledOnce();
  });

  it('lets a feature override a command while it is mounted, and restores the default after', () => {
    const registry = new CommandRegistry();
    const fallback = vi.fn();
    const own = vi.fn();
    registry.register(command({ id: 'app.search', title: () => 'fallback', run: fallback }));
    const off = registry.register(command({ id: 'app.search', title: () => 'own', run: own }));
    expect(registry.list().map((c) => c.title(((k: string) => k) as never))).toEqual(['own']);
    registry.run('app.search');
    expect(own).toHaveBeenCalledOnce();
    off();
    registry.run('app.search');
    expect(fallback).toHaveBeenCalledOnce();
  });

  it('does not bind keys handled elsewhere, nor run unavailable commands', () => {
    const registry = new CommandRegistry();
    const save = vi.fn();
    const library = vi.fn();
    registry.register(command({ id: 'story.save', shortcuts: ['Mod-s'], keysHandledElsewhere: true, run: save }));
    registry.register(command({ id: 'library.show', shortcuts: ['Escape'], when: () => false, run: library }));
    press(registry, { key: 's', code: 'KeyS', ctrl: true });
    press(registry, { key: 'Escape' });
    expect(save).not.toHaveBeenCalled();
    expect(library).not.toHaveBeenCalled();
    expect(registry.available().map((c) => c.id)).toEqual(['story.save']);
  });

  it('leaves plain keys to fields and the story body, but lets modified shortcuts through', () => {
    const registry = new CommandRegistry();
    const escape = vi.fn();
    const palette = vi.fn();
    registry.register(command({ id: 'library.show', shortcuts: ['Escape'], run: escape }));
    registry.register(command({ id: 'app.commandPalette', shortcuts: ['Mod-Shift-p', 'F1'], run: palette }));
    const input = document.body.appendChild(document.createElement('input'));
    const body = document.body.appendChild(document.createElement('div'));
    body.setAttribute('contenteditable', 'true');
    const inBody = body.appendChild(document.createElement('p'));
    press(registry, { key: 'Escape' }, input);
    press(registry, { key: 'Escape' }, inBody);
    expect(escape).not.toHaveBeenCalled();
    press(registry, { key: 'P', code: 'KeyP', ctrl: true, shift: true }, inBody);
    press(registry, { key: 'F1', code: 'F1' }, input);
    expect(palette).toHaveBeenCalledTimes(2);
    press(registry, { key: 'Escape' });
    expect(escape).toHaveBeenCalledOnce();
  });

  it('keeps its keys to itself while a dialog is open, and while an IME composes', () => {
    const registry = new CommandRegistry();
    const run = vi.fn();
    registry.register(command({ id: 'library.show', shortcuts: ['Escape', 'Mod-Alt-l'], run }));
    const dialog = document.body.appendChild(document.createElement('dialog'));
    dialog.setAttribute('open', '');
    press(registry, { key: 'Escape' });
    expect(run).not.toHaveBeenCalled();
    dialog.remove();
    const composing = new KeyboardEvent('keydown', {
      key: 'l',
      code: 'KeyL',
      ctrlKey: true,
      altKey: true,
      isComposing: true,
    });
    registry.handleKeyDown(composing);
    expect(run).not.toHaveBeenCalled();
  });

  it('tells subscribers when the commands change', () => {
    const registry = new CommandRegistry();
    const listener = vi.fn();
    registry.subscribe(listener);
    const off = registry.register(command({ id: 'a' }));
    off();
    expect(listener).toHaveBeenCalledTimes(2);
    expect(registry.list()).toEqual([]);
  });
});

describe('palette filtering', () => {
  const entries = [
    { id: 'app.newChineseStory', titles: ['新建中文稿件', 'New Chinese story', '新建中文稿件'] },
    { id: 'app.newEnglishStory', titles: ['新建英文稿件', 'New English story', '新建英文稿件'] },
    { id: 'tools.normalise', titles: ['标点规范', 'Normalise punctuation', '标点规范'] },
    { id: 'library.show', titles: ['返回稿库', 'Go to library', '返回稿库'] },
  ];
  const ids = (query: string) => filterPalette(entries, query).map((e) => e.id);

  it('matches Chinese titles without spaces and English titles by words', () => {
    expect(ids('英文')).toEqual(['app.newEnglishStory']);
    expect(ids('新建')).toEqual(['app.newChineseStory', 'app.newEnglishStory']);
    expect(ids('new english')).toEqual(['app.newEnglishStory']);
    expect(ids('PUNCT')).toEqual(['tools.normalise']);
  });

  it('puts matches in the current language and at the start first', () => {
    expect(ids('library')[0]).toBe('library.show');
    expect(ids('')).toHaveLength(4);
    expect(ids('zzz')).toEqual([]);
    expect(ids('normalise')).toEqual(['tools.normalise']);
  });
});
