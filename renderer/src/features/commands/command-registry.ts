import type { TFunction } from 'i18next';
import { type ParsedShortcut, hasCommandModifier, matchesShortcut, parseShortcut } from './shortcut';

/**
 * Everything the keyboard and the command palette can do. Features register their commands
 * while they are mounted (the story view its save and status commands, the tools their
 * find and normalise), so the palette only offers what makes sense on screen.
 */
export interface Command {
  /** `area.verb`, e.g. `story.save`; a later registration with the same id wins while it lasts. */
  id: string;
  /** The title in the language of `t`: the palette matches titles in both languages. */
  title: (t: TFunction) => string;
  /** Other words the palette finds it by, in the language of `t` (the workflow's "Submit" for "Set status: Submitted"). */
  keywords?: (t: TFunction) => string;
  /** Groups commands in the shortcut list. */
  group: CommandGroup;
  /** TipTap notation: `Mod-Alt-n`, `Alt-PageDown`, `F1`. The first one is shown. */
  shortcuts?: readonly string[];
  /**
   * The keys are handled where they live (TipTap's keymap, the story saver, the search box):
   * the registry shows them but does not bind them, so a key never runs twice.
   */
  keysHandledElsewhere?: boolean;
  /** Whether the command can run now; unavailable commands are not offered and not bound. */
  when?: () => boolean;
  run: () => void | Promise<void>;
}

export type CommandGroup = 'app' | 'library' | 'story' | 'tools';

interface Entry {
  command: Command;
  parsed: ParsedShortcut[];
  order: number;
}

export class CommandRegistry {
  /** Per id, every registration, the latest last. */
  private readonly entries = new Map<string, Entry[]>();
  private readonly listeners = new Set<() => void>();
  private snapshot: readonly Command[] = [];
  private counter = 0;

  register(command: Command): () => void {
    const entry: Entry = {
      command,
      parsed: command.keysHandledElsewhere ? [] : (command.shortcuts ?? []).map(parseShortcut),
      order: this.counter++,
    };
    const stack = this.entries.get(command.id) ?? [];
    stack.push(entry);
    this.entries.set(command.id, stack);
    this.changed();
    return () => {
      const current = this.entries.get(command.id);
      if (!current) return;
      const index = current.indexOf(entry);
      if (index >= 0) current.splice(index, 1);
      if (!current.length) this.entries.delete(command.id);
      this.changed();
    };
  }

  /** The commands in force, in the order they were first registered. */
  list(): readonly Command[] {
    return this.snapshot;
  }

  /** Those whose `when` allows them now. */
  available(): Command[] {
    return this.snapshot.filter(isAvailable);
  }

  get(id: string): Command | undefined {
    return this.entries.get(id)?.at(-1)?.command;
  }

  /** Runs a command by id if it is available; false if it is not. */
  run(id: string): boolean {
    const command = this.get(id);
    if (!command || !isAvailable(command)) return false;
    void command.run();
    return true;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs the command bound to a key press, if any. Never while an IME composes (Chinese input
   * uses Enter and digits), never over a modal dialog, and in a text field only shortcuts
   * with Ctrl, ⌘ or Alt: plain keys there are typing.
   */
  handleKeyDown(event: KeyboardEvent): boolean {
    if (event.defaultPrevented || event.isComposing || event.key === 'Process') return false;
    if (modalOpen()) return false;
    const typing = isEditableTarget(event.target);
    // The latest registrations first: a story view's command outranks the app's default.
    const tops = [...this.entries.values()].map((stack) => stack[stack.length - 1]!).sort((a, b) => b.order - a.order);
    for (const entry of tops) {
      for (const shortcut of entry.parsed) {
        if (typing && !hasCommandModifier(shortcut)) continue;
        if (!matchesShortcut(event, shortcut) || !isAvailable(entry.command)) continue;
        event.preventDefault();
        void entry.command.run();
        return true;
      }
    }
    return false;
  }

  private changed(): void {
    const firsts = [...this.entries.values()]
      .filter((stack) => stack.length > 0)
      .map((stack) => ({ first: stack[0]!.order, command: stack[stack.length - 1]!.command }))
      .sort((a, b) => a.first - b.first);
    this.snapshot = firsts.map((f) => f.command);
    for (const listener of this.listeners) listener();
  }
}

const isAvailable = (command: Command): boolean => {
  try {
    return command.when?.() ?? true;
  } catch {
    return false;
  }
};

/** The app's dialogs are all modal: while one is open, its keys are its own. */
const modalOpen = (): boolean => typeof document !== 'undefined' && document.querySelector('dialog[open]') !== null;

/** Inputs, text areas, selects and contenteditable regions (the story body). */
export function isEditableTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  // isContentEditable is missing in jsdom; the attribute test covers it there.
  if (target.isContentEditable || target.closest('[contenteditable]:not([contenteditable="false"])')) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(target.type);
  }
  return false;
}
