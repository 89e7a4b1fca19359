import type { Editor } from '@tiptap/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A typed address becomes a link the schema accepts: http(s) and mailto only; a bare domain
 * gets https://, an e-mail address mailto:. Anything else is refused (null).
 */
export function normaliseLinkHref(input: string): string | null {
  const value = input.trim();
  if (!value) return null;
  if (/^(https?:\/\/|mailto:)\S+$/i.test(value)) return value;
  if (/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(value)) return `mailto:${value}`;
  if (/^[\w-]+(\.[\w-]+)+(?::\d+)?(\/\S*)?$/.test(value)) return `https://${value}`;
  return null;
}

/** Prompt-free linking: a small inline field under the format bar. */
export function LinkField({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const { t } = useTranslation();
  const current = editor.getAttributes('link').href;
  const [href, setHref] = useState(typeof current === 'string' ? current : '');
  const [invalid, setInvalid] = useState(false);

  const apply = () => {
    const normalised = normaliseLinkHref(href);
    if (!normalised) {
      setInvalid(true);
      return;
    }
    if (editor.state.selection.empty && !editor.isActive('link')) {
      // Nothing selected to link: the address itself becomes the linked text.
      editor
        .chain()
        .focus()
        .insertContent({ type: 'text', text: normalised, marks: [{ type: 'link', attrs: { href: normalised } }] })
        .run();
    } else {
      editor.chain().focus().extendMarkRange('link').setLink({ href: normalised }).run();
    }
    onClose();
  };
  const remove = () => {
    editor.chain().focus().extendMarkRange('link').unsetLink().run();
    onClose();
  };

  return (
    <div className="link-field" role="group" aria-label={t('story.link')}>
      <input
        className="field__input link-field__input"
        type="url"
        aria-label={t('story.linkAddress')}
        aria-invalid={invalid}
        placeholder="https://"
        value={href}
        autoFocus
        onChange={(e) => {
          setHref(e.target.value);
          setInvalid(false);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            apply();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            onClose();
            editor.commands.focus();
          }
        }}
      />
      <button type="button" className="button button--small button--primary" onClick={apply}>
        {t('story.linkApply')}
      </button>
      {editor.isActive('link') && (
        <button type="button" className="button button--small" onClick={remove}>
          {t('story.linkRemove')}
        </button>
      )}
      {invalid && <span className="link-field__error">{t('story.linkInvalid')}</span>}
    </div>
  );
}
