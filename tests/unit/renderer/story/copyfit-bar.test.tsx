// @vitest-environment jsdom
import { act } from 'react';
import { type Root, createRoot } from 'react-dom/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { estimateFit } from '../../../../shared/copyfit/estimate';
import { type FitBlock, type StoryBody, findTemplate } from '../../../../shared/model';
import i18n from '../../../../renderer/src/i18n';
import { CopyfitBar } from '../../../../renderer/src/features/story/measure/copyfit-bar';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean;
}

const broadsheet = findTemplate('zh-broadsheet')!;
/** n Chinese paragraphs of 23 characters: with the two-em indent each takes two 13-character lines. */
const body = (paragraphs: number): StoryBody => ({
  type: 'doc',
  content: Array.from({ length: paragraphs }, () => ({
    type: 'paragraph',
    content: [{ type: 'text', text: '滨江图书馆今天起免费向市民开放，读者排起长队。' }],
  })),
});

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

function render(paragraphs: number, block: FitBlock | null, language: 'zh-Hans' | 'en' = 'zh-Hans') {
  const estimate = block ? estimateFit(body(paragraphs), language, broadsheet, block) : null;
  act(() =>
    root.render(
      <CopyfitBar estimate={estimate} template={block ? broadsheet : null} block={block} language={language} />,
    ),
  );
  const bar = container.querySelector('section')!;
  return { bar, estimate, text: bar.textContent ?? '' };
}

describe('the copyfit bar', () => {
  const block: FitBlock = { templateId: 'zh-broadsheet', columns: 1, lines: 10 };

  it('is a polite live region with its own name, not a second status', () => {
    const { bar } = render(5, block);
    expect(bar.getAttribute('aria-label')).toBe('Copyfit');
    expect(bar.getAttribute('aria-live')).toBe('polite');
    expect(bar.getAttribute('role')).toBeNull();
    expect(container.querySelector('[role="status"]')).toBeNull();
  });

  it('says "fits" in green when the story fills the block', () => {
    const { bar, text, estimate } = render(5, block);
    expect(estimate?.neededLines).toBe(10);
    expect(bar.className).toContain('copyfit-bar--fits');
    expect(text).toContain('Fits');
    expect(text).toContain('Chinese broadsheet, 8 columns · 1 col × 10 lines');
  });

  // A Chinese story's length is counted in characters; each interface names the unit in its
  // own language (one language per screen): "characters" in English, 字 in Chinese.
  it('says how many lines over and about how much to cut, in characters for Chinese copy', () => {
    const { bar, text } = render(7, block);
    expect(bar.className).toContain('copyfit-bar--over');
    expect(text).toContain('4 lines over · cut about 52 characters');
    expect(text).not.toContain('字');
    expect(text).toContain('needs 14 of 10 column lines');
  });

  it('groups the digits of large figures', () => {
    const { text } = render(200, block);
    expect(text).toContain('390 lines over · cut about 5,070 characters');
  });

  it('says how many lines short and about how much to add', () => {
    const { bar, text } = render(2, block);
    expect(bar.className).toContain('copyfit-bar--short');
    expect(text).toContain('6 lines short · add about 78 characters');
  });

  it('speaks Chinese in a Chinese interface', async () => {
    await act(() => i18n.changeLanguage('zh-CN'));
    const { text } = render(7, block);
    expect(text).toContain('超 4 行 · 约需删 52 字');
    expect(text).toContain('中文对开 8栏 · 1 栏 × 10 行');
    expect(text).not.toContain('characters');
    expect(render(2, block).text).toContain('约需补 78 字');
  });

  it('invites choosing a block when there is none', () => {
    const { bar, text } = render(5, null);
    expect(bar.className).toContain('copyfit-bar--none');
    expect(text).toContain('No block set');
  });
});
