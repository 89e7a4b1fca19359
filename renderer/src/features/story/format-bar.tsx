import { type Editor, useEditorState } from '@tiptap/react';
import { useTranslation } from 'react-i18next';

/** The few formats a story body has; everything else is the layout's business. */
export function FormatBar({ editor }: { editor: Editor }) {
  const { t } = useTranslation();
  const active = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      crossHead: e.isActive('crossHead'),
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      quote: e.isActive('blockquote'),
    }),
  });
  const buttons = [
    {
      key: 'crossHead',
      label: t('story.crossHead'),
      text: t('story.crossHead'),
      pressed: active.crossHead,
      run: () => editor.chain().focus().toggleCrossHead().run(),
    },
    {
      key: 'bold',
      label: t('story.bold'),
      text: t('story.boldShort'),
      pressed: active.bold,
      run: () => editor.chain().focus().toggleBold().run(),
    },
    {
      key: 'italic',
      label: t('story.italic'),
      text: t('story.italicShort'),
      pressed: active.italic,
      run: () => editor.chain().focus().toggleItalic().run(),
    },
    {
      key: 'quote',
      label: t('story.quote'),
      text: t('story.quoteShort'),
      pressed: active.quote,
      run: () => editor.chain().focus().toggleBlockquote().run(),
    },
  ] as const;
  return (
    <div className="format-bar" role="group" aria-label={t('story.formatting')}>
      {buttons.map((b) => (
        <button
          key={b.key}
          type="button"
          className={`format-bar__button format-bar__button--${b.key}`}
          aria-pressed={b.pressed}
          aria-label={b.text === b.label ? undefined : b.label}
          title={b.label}
          onClick={b.run}
        >
          {b.text}
        </button>
      ))}
    </div>
  );
}
