import { type Editor, Extension, InputRule } from '@tiptap/core';
import { curlyQuote } from '../../../../../shared/text/normalise';

/**
 * Typographer's quotes and dashes for English stories as they are typed: " and ' become
 * curly (opening or closing by what stands before them), -- an em dash and ... an ellipsis.
 * The same rules as the English normaliser, so typing and normalising agree. Backspace right
 * after a replacement gives the straight characters back (TipTap undoes an input rule first).
 */
export interface SmartTypographyStorage {
  /** Read on every keystroke, so the setting and the story's language apply without rebuilding the editor. */
  enabled: boolean;
}

export const SmartTypography = Extension.create<Record<string, never>, SmartTypographyStorage>({
  name: 'smartTypography',

  addStorage() {
    return { enabled: false };
  },

  addInputRules() {
    const enabled = () => this.storage.enabled;
    const quoteRule = (quote: '"' | "'") =>
      new InputRule({
        find: quote === '"' ? /"$/ : /'$/,
        handler: ({ state, range }) => {
          if (!enabled()) return null;
          // range.to is just after the typed quote, which is already in the document.
          const $quote = state.doc.resolve(range.to - 1);
          const before = $quote.parentOffset > 0 ? state.doc.textBetween(range.to - 2, range.to - 1, '\n', ' ') : '';
          state.tr.insertText(curlyQuote(quote, before), range.to - 1, range.to);
        },
      });
    return [
      quoteRule('"'),
      quoteRule("'"),
      new InputRule({
        find: /--$/,
        handler: ({ state, range }) => {
          if (!enabled()) return null;
          state.tr.insertText('—', range.from, range.to);
        },
      }),
      new InputRule({
        find: /\.\.\.$/,
        handler: ({ state, range }) => {
          if (!enabled()) return null;
          state.tr.insertText('…', range.from, range.to);
        },
      }),
    ];
  },
});

/** Turns the rules on or off in a live editor that has the extension. */
export function setSmartTypography(editor: Editor, enabled: boolean): void {
  const storage = (editor.storage as unknown as Record<string, SmartTypographyStorage | undefined>)[
    SmartTypography.name
  ];
  if (storage) storage.enabled = enabled;
}
