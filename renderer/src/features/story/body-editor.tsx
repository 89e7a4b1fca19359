import { type Editor, EditorContent, useEditor } from '@tiptap/react';
import { type RefObject, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { storyExtensions } from '../../../../shared/editor/extensions';
import type { StoryBody, StoryLanguage } from '../../../../shared/model';
import { FormatBar } from './format-bar';

interface BodyEditorProps {
  initial: StoryBody;
  language: StoryLanguage;
  editorRef: RefObject<Editor | null>;
  onChange: (editor: Editor) => void;
}

export function BodyEditor({ initial, language, editorRef, onChange }: BodyEditorProps) {
  const { t } = useTranslation();
  const label = t('story.bodyLabel');
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
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
    }),
    [label, language],
  );

  const editor = useEditor({
    extensions: storyExtensions,
    content: initial,
    // TipTap would add a <style> element, which the CSP forbids; styles.css carries those rules.
    injectCSS: false,
    immediatelyRender: true,
    shouldRerenderOnTransaction: false,
    editorProps,
    onUpdate: ({ editor: current }) => onChangeRef.current(current),
  });

  useEffect(() => {
    editorRef.current = editor;
    return () => {
      if (editorRef.current === editor) editorRef.current = null;
    };
  }, [editor, editorRef]);

  return (
    <div className="body-editor">
      <FormatBar editor={editor} />
      <EditorContent editor={editor} className="body-editor__content" />
    </div>
  );
}
