// @vitest-environment jsdom
import { Editor } from '@tiptap/core';
import { act } from 'react';
import { type Root, createRoot } from 'react-dom/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { storyExtensions } from '../../../../shared/editor/extensions';
import i18n from '../../../../renderer/src/i18n';
import { ConvertDialog } from '../../../../renderer/src/features/tools/convert-dialog';
import type { HeadlineFields, TextField } from '../../../../renderer/src/features/tools/headline-fields';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean;
}

let container: HTMLElement;
let root: Root;
let editor: Editor;
beforeAll(() => {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
});
beforeEach(async () => {
  await i18n.changeLanguage('en');
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  editor = new Editor({
    extensions: storyExtensions,
    content: {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: '汉语发展' }] },
        {
          type: 'photoFigure',
          attrs: { asset: 'b'.repeat(64) + '.jpg', caption: '图书馆开放', credit: '记者 刘国强 摄', alt: '' },
        },
      ],
    },
  });
});
afterEach(() => {
  act(() => root.unmount());
  container.remove();
  editor.destroy();
});

const values: Record<TextField, string> = {
  kicker: '',
  headline: '图书馆开放',
  subheadline: '',
  byline: '记者 刘国强',
  dateline: '本报广州电',
  notes: '核对数据',
};
const fields: HeadlineFields = {
  read: () => ({ ...values }),
  set: (field, value) => (values[field] = value),
};

const preview = () => container.querySelector('.tools-dialog__preview')?.textContent ?? '';
const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await act(() => new Promise((r) => setTimeout(r, 10)));
  expect(check()).toBe(true);
};

describe('simplified ↔ traditional conversion', () => {
  it('converts every field and the photo captions, and a same-value change does not leave it loading', async () => {
    let closed = false;
    act(() =>
      root.render(
        <ConvertDialog editor={editor} headlines={fields} initialTarget="tw" onClose={() => (closed = true)} />,
      ),
    );
    await waitFor(() => /will change/.test(preview()));
    const before = preview();
    expect(before).not.toMatch(/Loading/);

    // The select fires change with the value it already has (as some platforms do on reopen).
    const select = container.querySelector('select')!;
    await act(async () => select.dispatchEvent(new Event('change', { bubbles: true })));
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(preview()).toBe(before);

    const apply = [...container.querySelectorAll('button')].find(
      (b) => b.textContent === i18n.t('tools.convertApply'),
    )!;
    expect(apply.disabled).toBe(false);
    act(() => apply.click());
    expect(closed).toBe(true);
    expect(values).toMatchObject({
      headline: '圖書館開放',
      byline: '記者 劉國強',
      dateline: '本報廣州電',
      notes: '核對數據',
    });
    expect(editor.state.doc.textContent).toBe('漢語發展');
    expect(editor.state.doc.child(1).attrs).toMatchObject({ caption: '圖書館開放', credit: '記者 劉國強 攝' });
  });
});
