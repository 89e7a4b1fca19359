// @vitest-environment jsdom
import { act } from 'react';
import { type Root, createRoot } from 'react-dom/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Command } from '../../../../renderer/src/features/commands/command-registry';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean;
}

let mod: typeof import('../../../../renderer/src/features/commands/command-context');
let container: HTMLElement;
let root: Root;
const runs = { english: vi.fn(), status: vi.fn() };

beforeAll(async () => {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  // jsdom lays nothing out, so it has no scrollIntoView.
  Element.prototype.scrollIntoView = () => {};
  const i18n = (await import('../../../../renderer/src/i18n')).default;
  await i18n.changeLanguage('en');
  mod = await import('../../../../renderer/src/features/commands/command-context');
});

function Feature({ withStatus }: { withStatus: boolean }) {
  const commands: Command[] = [
    {
      id: 'app.newEnglishStory',
      group: 'app',
      title: (t) => t('header.newEnglish'),
      shortcuts: ['Mod-Alt-e'],
      run: runs.english,
    },
  ];
  if (withStatus) {
    commands.push({
      id: 'story.status.approved',
      group: 'story',
      title: (t) => t('commands.setStatus', { status: t('status.approved') }),
      shortcuts: ['Mod-Alt-4'],
      run: runs.status,
    });
  }
  mod.useCommands(commands);
  return <input aria-label="field" />;
}

const render = async (withStatus = true) => {
  await act(async () => {
    root.render(
      <mod.CommandProvider>
        <Feature withStatus={withStatus} />
      </mod.CommandProvider>,
    );
  });
};

const key = async (init: KeyboardEventInit, target: EventTarget = window) => {
  await act(async () => {
    target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
  });
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout'] });
  vi.clearAllMocks();
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.useRealTimers();
});

const palette = () => document.querySelector<HTMLDialogElement>('dialog.command-palette');
const options = () => [...document.querySelectorAll('[role="option"]')].map((o) => o.textContent);

describe('the command palette', () => {
  it('opens on Ctrl+Shift+P, filters in both languages, and runs the chosen command with Enter', async () => {
    await render();
    await key({ key: 'P', code: 'KeyP', ctrlKey: true, shiftKey: true });
    expect(palette()).not.toBeNull();
    const input = palette()!.querySelector('input')!;
    expect(options().some((o) => o?.startsWith('New English story'))).toBe(true);
    expect(options().some((o) => o?.startsWith('Command palette'))).toBe(true);

    // The Chinese title finds it too, though the interface is in English.
    await act(async () => {
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      setValue.call(input, '英文');
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(options()).toHaveLength(1);
    expect(options()[0]).toContain('New English story');
    expect(options()[0]).toContain('Ctrl+Alt+E');

    await key({ key: 'Enter' }, input);
    expect(palette()).toBeNull();
    await act(async () => vi.runAllTimers());
    expect(runs.english).toHaveBeenCalledOnce();
  });

  it('moves the choice with the arrow keys', async () => {
    await render();
    await key({ key: 'F1', code: 'F1' });
    const input = palette()!.querySelector('input')!;
    const selected = () => document.querySelector('[aria-selected="true"]')?.textContent;
    const first = selected();
    await key({ key: 'ArrowDown' }, input);
    expect(selected()).not.toBe(first);
    expect(input.getAttribute('aria-activedescendant')).toBe(document.querySelector('[aria-selected="true"]')?.id);
    await key({ key: 'ArrowUp' }, input);
    expect(selected()).toBe(first);
  });

  it('binds a feature’s keys only while the feature is mounted', async () => {
    await render(true);
    await key({ key: '4', code: 'Digit4', ctrlKey: true, altKey: true });
    expect(runs.status).toHaveBeenCalledOnce();
    await render(false);
    await key({ key: '4', code: 'Digit4', ctrlKey: true, altKey: true });
    expect(runs.status).toHaveBeenCalledOnce();
  });

  it('lists the keyboard shortcuts', async () => {
    await render();
    await key({ key: '/', code: 'Slash', ctrlKey: true });
    const dialog = document.querySelector('dialog.shortcuts-dialog');
    expect(dialog?.textContent).toContain('New English story');
    expect(dialog?.textContent).toContain('Ctrl+Alt+E');
  });
});
