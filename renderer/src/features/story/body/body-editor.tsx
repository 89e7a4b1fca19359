import type { Extensions } from '@tiptap/core';
import { type Editor, EditorContent, useEditor } from '@tiptap/react';
import type { EditorView } from '@tiptap/pm/view';
import { type RefObject, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoryBody, StoryLanguage } from '../../../../../shared/model';
import { bodyExtensions } from './body-extensions';
import { FormatBar } from './format-bar';
import { cleanPastedHtml, cleanPastedText } from './paste-cleaning';
import { filesOf } from '../photos/photo-upload';
import { SmartTypography, setSmartTypography } from './smart-typography';
import { insertTypedCharacter, keepCaretAfterInsertedText } from './typed-text';
import { caretAlreadyInView } from './caret-scroll';

interface BodyEditorProps {
  initial: StoryBody;
  language: StoryLanguage;
  /** Curly quotes, em dashes and ellipses as the story is typed (English stories, by setting). */
  smartTypography?: boolean;
  /** The live TipTap editor, for the view and for editor tools (find/replace, palette). */
  editorRef: RefObject<Editor | null>;
  onChange: (editor: Editor) => void;
  onSelectionChange?: (editor: Editor) => void;
  /** Photos to insert: dropped (at `pos`), pasted or picked (at the selection, pos null). */
  onPhotoFiles?: (files: File[], pos: number | null) => void;
  /**
   * Live co-editing (collab/live-story.ts): the body is bound to the story's Yjs document, whose
   * extensions replace the editor's own undo; `initial` is then not used (the document holds the body).
   */
  live?: { bodyExtensions(base: Extensions): Extensions } | null;
}

const bodyExtensionsWithTypography = [...bodyExtensions, SmartTypography];

/** Text in the HTML means a text paste, even when the clipboard also holds a picture of it (Word does that). */
const htmlHasText = (html: string): boolean => html.replace(/<[^>]*>|&nbsp;|\s/g, '') !== '';

export function BodyEditor({
  initial,
  language,
  smartTypography = false,
  editorRef,
  onChange,
  onSelectionChange,
  onPhotoFiles,
  live = null,
}: BodyEditorProps) {
  const { t } = useTranslation();
  const label = t('story.bodyLabel');
  const callbacks = useRef({ onChange, onSelectionChange, onPhotoFiles });
  useEffect(() => {
    callbacks.current = { onChange, onSelectionChange, onPhotoFiles };
  });

  // Stable while label and language stay the same: useEditor pushes changed options into the
  // live editor, so a UI language switch relabels it without rebuilding the document.
  const editorProps = useMemo(
    () => ({
      attributes: {
        class: 'story-body',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': label,
        lang: language,
        spellcheck: language === 'en' ? 'true' : 'false',
      },
      handleKeyPress: insertTypedCharacter,
      handleTextInput: keepCaretAfterInsertedText,
      handleScrollToSelection: caretAlreadyInView,
      transformPastedHTML: cleanPastedHtml,
      transformPastedText: cleanPastedText,
      handleDrop: (view: EditorView, event: DragEvent, _slice: unknown, moved: boolean) => {
        const files = filesOf(event.dataTransfer?.files);
        const insert = callbacks.current.onPhotoFiles;
        if (moved || files.length === 0 || !insert) return false;
        event.preventDefault();
        const at = view.posAtCoords({ left: event.clientX, top: event.clientY });
        insert(files, at ? at.pos : null);
        return true;
      },
      handlePaste: (_view: EditorView, event: ClipboardEvent) => {
        const files = filesOf(event.clipboardData?.files);
        const insert = callbacks.current.onPhotoFiles;
        if (files.length === 0 || !insert || htmlHasText(event.clipboardData?.getData('text/html') ?? '')) return false;
        event.preventDefault();
        insert(files, null);
        return true;
      },
    }),
    [label, language],
  );

  // Chosen once per editor: a story is live or not for as long as it is open.
  const [extensions] = useState(() => (live ? live.bodyExtensions(bodyExtensionsWithTypography) : null));
  const editor = useEditor({
    extensions: extensions ?? bodyExtensionsWithTypography,
    content: extensions ? undefined : initial,
    // TipTap would add a <style> element, which the CSP forbids; story.css carries those rules.
    injectCSS: false,
    immediatelyRender: true,
    shouldRerenderOnTransaction: false,
    editorProps,
    onUpdate: ({ editor: current }) => callbacks.current.onChange(current),
    onSelectionUpdate: ({ editor: current }) => callbacks.current.onSelectionChange?.(current),
  });

  // The input rules read this on each keystroke: the setting applies without rebuilding the editor.
  useEffect(() => {
    setSmartTypography(editor, smartTypography);
  }, [editor, smartTypography]);

  useEffect(() => {
    editorRef.current = editor;
    return () => {
      if (editorRef.current === editor) editorRef.current = null;
    };
  }, [editor, editorRef]);

  return (
    <div className="body-editor">
      <FormatBar editor={editor} onPhotoFiles={(files) => callbacks.current.onPhotoFiles?.(files, null)} />
      <EditorContent editor={editor} className="body-editor__content" />
    </div>
  );
}
