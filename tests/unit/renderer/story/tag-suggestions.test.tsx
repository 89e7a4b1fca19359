// @vitest-environment jsdom
import { act, useState } from 'react';
import { type Root, createRoot } from 'react-dom/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Tag } from '../../../../shared/model';
import type { TagSuggestion } from '../../../../shared/text/suggest-tags';
import i18n from '../../../../renderer/src/i18n';
import { addTag, hasTag, tagKey } from '../../../../renderer/src/features/story/tags/tag-list';
import { TagSuggestions } from '../../../../renderer/src/features/story/tags/tag-suggestions';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean;
}

const suggestions: TagSuggestion[] = [
  { kind: 'person', name: '陈立新', reason: 'title', count: 3 },
  { kind: 'organisation', name: '滨江数据交易所', reason: 'suffix', count: 1 },
  { kind: 'place', name: '滨江市', reason: 'suffix', count: 2 },
];

/** The panel's own bookkeeping, reduced: accepted suggestions become tags, dismissed ones go away. */
function Harness({ onTags }: { onTags: (tags: Tag[], dismissed: string[]) => void }) {
  const [tags, setTags] = useState<Tag[]>([]);
  const [dismissed, setDismissed] = useState<string[]>([]);
  const shown = suggestions.filter((s) => !hasTag(tags, s) && !dismissed.includes(tagKey(s)));
  return (
    <>
      <input aria-label="tag input" />
      <TagSuggestions
        suggestions={shown}
        onAccept={(s) => {
          const next = addTag(tags, s);
          setTags(next);
          onTags(next, dismissed);
        }}
        onDismiss={(s) => {
          const next = [...dismissed, tagKey(s)];
          setDismissed(next);
          onTags(tags, next);
        }}
        onEmptied={() => document.querySelector<HTMLInputElement>('[aria-label="tag input"]')?.focus()}
      />
    </>
  );
}

let container: HTMLElement;
let root: Root;
let tags: Tag[];
let dismissed: string[];
beforeAll(() => {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
});
beforeEach(async () => {
  await i18n.changeLanguage('en');
  tags = [];
  dismissed = [];
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() =>
    root.render(
      <Harness
        onTags={(t, d) => {
          tags = t;
          dismissed = d;
        }}
      />,
    ),
  );
});
afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

const chips = () => [...container.querySelectorAll<HTMLButtonElement>('.tag-chip__accept')];
const press = (key: string) =>
  act(() => {
    document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });

describe('tag suggestions', () => {
  it('are named for a screen reader with their kind, and explain the keys', () => {
    expect(chips().map((c) => c.getAttribute('aria-label'))).toEqual([
      'Suggested tag (Person): 陈立新',
      'Suggested tag (Organisation): 滨江数据交易所',
      'Suggested tag (Place): 滨江市',
    ]);
    const hint = document.getElementById(chips()[0]!.getAttribute('aria-describedby')!);
    expect(hint?.textContent).toContain('Enter or A adds one, Delete or D dismisses it');
  });

  it('accept with Enter and dismiss with Delete, one key each, focus moving on to the next', async () => {
    act(() => chips()[0]!.focus());
    await press('Enter');
    expect(tags).toEqual([{ kind: 'person', name: '陈立新' }]);
    expect(document.activeElement?.textContent).toContain('滨江数据交易所');
    await press('Delete');
    expect(dismissed).toEqual([tagKey(suggestions[1]!)]);
    expect(tags).toHaveLength(1);
    expect(document.activeElement?.textContent).toContain('滨江市');
    await press('a');
    expect(tags.map((t) => t.name)).toEqual(['陈立新', '滨江市']);
    // The list is worked through: focus goes back to the tag input.
    expect(chips()).toHaveLength(0);
    expect(document.activeElement?.getAttribute('aria-label')).toBe('tag input');
  });

  it('take A and D as well as Backspace, and leave modified keys alone', async () => {
    act(() => chips()[1]!.focus());
    await press('d');
    expect(dismissed).toEqual([tagKey(suggestions[1]!)]);
    act(() => chips()[0]!.focus());
    act(() => {
      chips()[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', ctrlKey: true, bubbles: true }));
    });
    expect(tags).toEqual([]);
    await press('Backspace');
    expect(dismissed).toHaveLength(2);
    expect(chips().map((c) => c.textContent)).toEqual(['Place滨江市']);
  });

  it('move between suggestions with the arrow keys', async () => {
    act(() => chips()[0]!.focus());
    await press('ArrowRight');
    expect(document.activeElement).toBe(chips()[1]);
    await press('ArrowLeft');
    await press('ArrowLeft');
    expect(document.activeElement).toBe(chips()[2]);
  });
});
