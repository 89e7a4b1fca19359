import { type Editor, useEditorState } from '@tiptap/react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LinkField } from '../fields/link-field';
import { PHOTO_ACCEPT } from '../photos/photo-upload';

interface FormatBarProps {
  editor: Editor;
  /** Photos chosen with the file picker; the editor inserts them at the selection. */
  onPhotoFiles: (files: File[]) => void;
}

interface FormatButton {
  key: string;
  label: string;
  /** Shown on the button; the label is its accessible name when they differ. */
  text: string;
  pressed?: boolean;
  /** Keys that do the same in the editor (TipTap's own bindings), as ARIA names them. */
  keys?: string;
  run: () => void;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? 'Meta' : 'Control';

/** "Control+Alt+H" → "Ctrl+Alt+H", "Meta+B" → "⌘B": how the keys are printed in a tooltip. */
const printKeys = (keys: string): string =>
  isMac ? keys.replace('Meta+', '⌘').replace('Alt+', '⌥').replace('Shift+', '⇧') : keys.replace('Control', 'Ctrl');

const BLOCK_FORMATS = ['crossHead', 'blockquote', 'pullQuote', 'editorsNote', 'bulletList', 'orderedList'] as const;
const MARK_FORMATS = ['bold', 'italic', 'link'] as const;
type Format = (typeof BLOCK_FORMATS)[number] | (typeof MARK_FORMATS)[number];

/**
 * Which formats the selection has, for the buttons' pressed state. This runs on every
 * transaction, keystrokes included, so a caret (the usual case while typing) reads only its own
 * ancestors and marks, which is what TipTap's isActive finds for it without walking the
 * document; a range selection asks isActive.
 */
export function activeFormats(editor: Editor): Record<Format, boolean> {
  const { state } = editor;
  const { selection } = state;
  const active = {} as Record<Format, boolean>;
  if (!selection.empty) {
    for (const name of [...BLOCK_FORMATS, ...MARK_FORMATS]) active[name] = editor.isActive(name);
    return active;
  }
  const { $from } = selection;
  const blocks = new Set<string>();
  for (let depth = $from.depth; depth >= 0; depth--) blocks.add($from.node(depth).type.name);
  for (const name of BLOCK_FORMATS) active[name] = blocks.has(name);
  const marks = state.storedMarks ?? $from.marks();
  for (const name of MARK_FORMATS) active[name] = marks.some((mark) => mark.type.name === name);
  return active;
}

/** The few formats a story body has; everything else is the layout's business. */
export function FormatBar({ editor, onPhotoFiles }: FormatBarProps) {
  const { t } = useTranslation();
  const fileInput = useRef<HTMLInputElement>(null);
  const [linking, setLinking] = useState(false);
  // One tab stop for the whole bar (ARIA toolbar): the arrow keys move between its buttons.
  const [current, setCurrent] = useState(0);
  const active = useEditorState({ editor, selector: ({ editor: e }) => activeFormats(e) });
  const chain = () => editor.chain().focus();
  const groups: FormatButton[][] = [
    [
      {
        key: 'crossHead',
        label: t('story.crossHead'),
        text: t('story.crossHead'),
        pressed: active.crossHead,
        keys: `${MOD}+Alt+H`,
        run: () => chain().toggleCrossHead().run(),
      },
      {
        key: 'bold',
        label: t('story.bold'),
        text: t('story.boldShort'),
        pressed: active.bold,
        keys: `${MOD}+B`,
        run: () => chain().toggleBold().run(),
      },
      {
        key: 'italic',
        label: t('story.italic'),
        text: t('story.italicShort'),
        pressed: active.italic,
        keys: `${MOD}+I`,
        run: () => chain().toggleItalic().run(),
      },
    ],
    [
      {
        key: 'quote',
        label: t('story.quote'),
        text: t('story.quoteShort'),
        pressed: active.blockquote,
        run: () => chain().toggleBlockquote().run(),
      },
      {
        key: 'pullQuote',
        label: t('story.pullQuote'),
        text: t('story.pullQuoteShort'),
        pressed: active.pullQuote,
        run: () => chain().togglePullQuote().run(),
      },
      {
        key: 'editorsNote',
        label: t('story.editorsNote'),
        text: t('story.editorsNoteShort'),
        pressed: active.editorsNote,
        run: () => chain().toggleEditorsNote().run(),
      },
    ],
    [
      {
        key: 'bulletList',
        label: t('story.bulletList'),
        text: t('story.bulletListShort'),
        pressed: active.bulletList,
        run: () => chain().toggleBulletList().run(),
      },
      {
        key: 'orderedList',
        label: t('story.orderedList'),
        text: t('story.orderedListShort'),
        pressed: active.orderedList,
        run: () => chain().toggleOrderedList().run(),
      },
    ],
    [
      {
        key: 'link',
        label: t('story.link'),
        text: t('story.link'),
        pressed: active.link || linking,
        run: () => setLinking((open) => !open),
      },
    ],
  ];
  const buttonIndex = new Map([...groups.flat().map((b) => b.key), 'photo'].map((key, i) => [key, i]));
  return (
    <div className="format-bar-area">
      <div
        className="format-bar"
        role="toolbar"
        aria-orientation="horizontal"
        aria-label={t('story.formatting')}
        onKeyDown={(event) => {
          const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('.format-bar__button')];
          const at = buttons.indexOf(event.target as unknown as HTMLButtonElement);
          if (at < 0) return;
          const next =
            event.key === 'ArrowRight'
              ? (at + 1) % buttons.length
              : event.key === 'ArrowLeft'
                ? (at - 1 + buttons.length) % buttons.length
                : event.key === 'Home'
                  ? 0
                  : event.key === 'End'
                    ? buttons.length - 1
                    : -1;
          if (next < 0) return;
          event.preventDefault();
          setCurrent(next);
          buttons[next]!.focus();
        }}
        onFocus={(event) => {
          const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('.format-bar__button')];
          const at = buttons.indexOf(event.target as unknown as HTMLButtonElement);
          if (at >= 0 && at !== current) setCurrent(at);
        }}
      >
        {groups.map((group, i) => (
          <div key={i} className="format-bar__group">
            {group.map((b) => (
              <button
                key={b.key}
                type="button"
                tabIndex={buttonIndex.get(b.key) === current ? 0 : -1}
                className={`format-bar__button format-bar__button--${b.key}`}
                aria-pressed={b.pressed}
                aria-label={b.text === b.label ? undefined : b.label}
                aria-keyshortcuts={b.keys}
                title={b.keys ? `${b.label} (${printKeys(b.keys)})` : b.label}
                onClick={b.run}
              >
                {b.text}
              </button>
            ))}
          </div>
        ))}
        <div className="format-bar__group">
          <button
            type="button"
            tabIndex={buttonIndex.get('photo') === current ? 0 : -1}
            className="format-bar__button format-bar__button--photo"
            title={t('story.insertPhoto')}
            onClick={() => fileInput.current?.click()}
          >
            {t('story.insertPhoto')}
          </button>
        </div>
        <input
          ref={fileInput}
          className="visually-hidden"
          type="file"
          accept={PHOTO_ACCEPT}
          multiple
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => {
            const files = e.target.files ? [...e.target.files] : [];
            // Cleared so choosing the same file again still fires a change.
            e.target.value = '';
            if (files.length) onPhotoFiles(files);
          }}
        />
      </div>
      {linking && <LinkField editor={editor} onClose={() => setLinking(false)} />}
    </div>
  );
}
