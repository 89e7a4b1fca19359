// @vitest-environment jsdom
import { act } from 'react';
import { type Root, createRoot } from 'react-dom/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { templateMetrics } from '../../../../shared/layout/grid';
import type { Edition, Page, Placement } from '../../../../shared/model/edition';
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

/** Sets a number field as typing would, through React's own value tracker. */
function setNumber(label: string, value: number): void {
  const input = [...container.querySelectorAll('label')]
    .find((l) => l.textContent?.startsWith(label))!
    .querySelector('input')!;
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  act(() => {
    setter.call(input, String(value));
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('block inspector', () => {
  it('refuses a start line that would overrun the page, with a message, and takes one that fits', () => {
    const onChange = vi.fn();
    act(() =>
      root.render(
        <BlockInspector
          edition={edition}
          page={page}
          template={template}
          block={block}
          measure={undefined}
          story={undefined}
          photos={[]}
          onChange={onChange}
          onRemove={() => undefined}
          onJump={() => undefined}
        />,
      ),
    );
    setNumber('From line', lines - 5);
    expect(onChange).not.toHaveBeenCalled();
    expect(container.querySelector('[role="alert"]')?.textContent).toContain(`past the page's ${lines} lines`);
    setNumber('From line', 3);
    expect(onChange).toHaveBeenCalledWith({ line: 2 }, 'b1:line');
    expect(container.querySelector('[role="alert"]')).toBeNull();
  });
});
