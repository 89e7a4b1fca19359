import { type ReactNode, createContext, useContext, useEffect, useRef, useState } from 'react';
import { type Command, CommandRegistry } from './command-registry';
import { CommandPalette } from './command-palette';
import { ShortcutsDialog } from './shortcuts-dialog';

const RegistryContext = createContext<CommandRegistry | null>(null);

/** The registry of the surrounding CommandProvider, or null outside one (a view tested alone). */
export const useCommandRegistry = (): CommandRegistry | null => useContext(RegistryContext);

/**
 * Registers commands while the calling component is mounted. The registered objects read
 * the latest props on each call, so a re-render does not re-register; only a change in the
 * ids or shortcuts does.
 */
export function useCommands(commands: readonly Command[]): void {
  const registry = useCommandRegistry();
  const latest = useRef(commands);
  useEffect(() => {
    latest.current = commands;
  });
  const signature = commands.map((c) => `${c.id}=${(c.shortcuts ?? []).join(' ')}`).join('\n');
  useEffect(() => {
    if (!registry) return;
    const find = (id: string): Command | undefined => latest.current.find((c) => c.id === id);
    const unregister = latest.current.map((initial) =>
      registry.register({
        id: initial.id,
        group: initial.group,
        shortcuts: initial.shortcuts,
        keysHandledElsewhere: initial.keysHandledElsewhere,
        title: (t) => (find(initial.id) ?? initial).title(t),
        when: () => {
          const current = find(initial.id);
          return current ? (current.when?.() ?? true) : false;
        },
        run: () => find(initial.id)?.run(),
      }),
    );
    return () => unregister.forEach((off) => off());
    // The signature stands for the commands' ids and keys; the rest is read through `latest`.
  }, [registry, signature]);
}

export const useCommand = (command: Command): void => useCommands([command]);

type Open = 'palette' | 'shortcuts' | null;

/**
 * Holds the registry, listens for shortcuts on the window, and shows the command palette
 * (Ctrl/⌘+Shift+P or F1) and the keyboard shortcut list.
 */
export function CommandProvider({ children }: { children: ReactNode }) {
  const [registry] = useState(() => new CommandRegistry());
  const [open, setOpen] = useState<Open>(null);

  useEffect(() => {
    // Bubbling phase: the editor's own keymap (cross-head, undo) and the dialogs go first.
    const onKeyDown = (event: KeyboardEvent) => void registry.handleKeyDown(event);
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [registry]);

  useEffect(() => {
    const offs = [
      registry.register({
        id: 'app.commandPalette',
        group: 'app',
        title: (t) => t('commands.palette'),
        shortcuts: ['Mod-Shift-p', 'F1'],
        run: () => setOpen('palette'),
      }),
      registry.register({
        id: 'app.shortcuts',
        group: 'app',
        title: (t) => t('commands.shortcuts'),
        shortcuts: ['Mod-/'],
        run: () => setOpen('shortcuts'),
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [registry]);

  const close = () => setOpen(null);
  // The palette closes first, so focus is back where it was before the command moves it.
  const runFromPalette = (command: Command) => {
    setOpen(null);
    window.setTimeout(() => registry.run(command.id), 0);
  };

  return (
    <RegistryContext.Provider value={registry}>
      {children}
      {open === 'palette' && <CommandPalette registry={registry} onRun={runFromPalette} onClose={close} />}
      {open === 'shortcuts' && <ShortcutsDialog registry={registry} onClose={close} />}
    </RegistryContext.Provider>
  );
}
