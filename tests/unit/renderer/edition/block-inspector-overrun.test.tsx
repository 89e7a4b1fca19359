// @vitest-environment jsdom
import { act } from 'react';
import { type Root, createRoot } from 'react-dom/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { templateMetrics } from '../../../../shared/layout/grid';
import type { Edition, Page, Placement } from '../../../../shared/model/edition';
import type { Story } from '../../../../shared/model/story';
import { findTemplate } from '../../../../shared/model';
import i18n from '../../../../renderer/src/i18n';
import { BlockInspector } from '../../../../renderer/src/features/edition/block-inspector';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean;
}

const template = findTemplate('zh-broadsheet')!;
const lines = templateMetrics(template).linesPerColumn;
const block: Placement = {
  id: 'b1',
  kind: 'placeholder',
  storyId: null,
  column: 0,
  span: 2,
  line: 0,
  lines: 20,
  label: '广告',
};
const page: Page = { id: 'p1', number: 1, section: '要闻', templateId: template.id, placements: [block] };
const edition = { id: 'e1', pages: [page] } as unknown as Edition;

let container: HTMLElement;
let root: Root;
beforeAll(() => {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
});
beforeEach(async () => {
  await i18n.changeLanguage('en');
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});
afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

/** The number input a label names (the label wraps it, or points at it). */
function numberInput(label: string): HTMLInputElement {
  const found = [...container.querySelectorAll('label')].find((l) => l.textContent?.startsWith(label))!;
  return (found.querySelector('input') ?? document.getElementById(found.htmlFor)) as HTMLInputElement;
}

/** Sets a number field as typing would, through React's own value tracker. */
function setNumber(label: string, value: number | string): void {
  const input = numberInput(label);
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  act(() => {
    setter.call(input, String(value));
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** The inspector of `shown`, alone on the page. */
function show(shown: Placement, story: Story | undefined, onChange: () => void): void {
  act(() =>
    root.render(
      <BlockInspector
        edition={edition}
        page={{ ...page, placements: [shown] }}
        template={template}
        block={shown}
        measure={undefined}
        story={story}
        photos={[]}
        onChange={onChange}
        onRemove={() => undefined}
        onJump={() => undefined}
      />,
    ),
  );
}

describe('block inspector', () => {
  it('refuses a start line that would overrun the page, with a message, and takes one that fits', () => {
    const onChange = vi.fn();
    show(block, undefined, onChange);
    setNumber('From line', lines - 5);
    expect(onChange).not.toHaveBeenCalled();
    expect(container.querySelector('[role="alert"]')?.textContent).toContain(`past the page's ${lines} lines`);
    setNumber('From line', 3);
    expect(onChange).toHaveBeenCalledWith({ line: 2 }, 'b1:line');
    expect(container.querySelector('[role="alert"]')).toBeNull();
  });

  it('lets a headline size be typed through values it would refuse ("1" on the way to "12", "12." to "12.5")', () => {
    const onChange = vi.fn();
    const storyBlock: Placement = { ...block, kind: 'story', storyId: 's1', label: '' };
    const story = { id: 's1', headline: '全市经济运行总体平稳', language: 'zh-Hans' } as unknown as Story;
    show(storyBlock, story, onChange);
    const size = numberInput('Headline size');
    const before = size.value;
    expect(Number(before)).toBeGreaterThanOrEqual(6);
    // Cleared, then "1": below the least size, so not taken, but the field keeps what is typed.
    setNumber('Headline size', '');
    setNumber('Headline size', '1');
    expect(size.value).toBe('1');
    expect(onChange).not.toHaveBeenCalled();
    setNumber('Headline size', '12');
    expect(onChange).toHaveBeenLastCalledWith({ headline: { main: { sizePt: 12 } } }, 'b1:size');
    setNumber('Headline size', '12.');
    setNumber('Headline size', '12.5');
    expect(onChange).toHaveBeenLastCalledWith({ headline: { main: { sizePt: 12.5 } } }, 'b1:size');
    // A size off the half-point grid is not taken; leaving the field shows the size in force.
    const calls = onChange.mock.calls.length;
    setNumber('Headline size', '12.3');
    expect(onChange.mock.calls.length).toBe(calls);
    act(() => size.dispatchEvent(new FocusEvent('focusout', { bubbles: true })));
    expect(size.value).toBe(before);
  });
});
