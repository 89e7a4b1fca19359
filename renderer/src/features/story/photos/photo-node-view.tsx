import { NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toSingleLine } from '../fields/editable-fields';
import { useAssetBaseUrl } from '../../../ui/use-asset-base-url';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * The text of a caption or credit input. Held locally and pushed to the node on each change:
 * the node view re-renders a frame later, and an input fed only from the node would lose
 * its caret (and IME composition) on every keystroke.
 */
function useAttrText(value: string): [string, (v: string) => void] {
  const [local, setLocal] = useState(value);
  const [shown, setShown] = useState(value);
  // Changed from outside (undo, a recovered draft): adjusted during render, as React advises.
  if (shown !== value) {
    setShown(value);
    setLocal(value);
  }
  return [local, setLocal];
}

/** A photo in the body: the image from the library's assets, its caption (图片说明) and credit. */
export function PhotoNodeView({ node, updateAttributes, deleteNode, selected, editor }: ReactNodeViewProps) {
  const { t } = useTranslation();
  const base = useAssetBaseUrl();
  const captionId = useId();
  const creditId = useId();
  const asset = text(node.attrs.asset);
  const [caption, setCaption] = useAttrText(text(node.attrs.caption));
  const [credit, setCredit] = useAttrText(text(node.attrs.credit));
  const [broken, setBroken] = useState(false);
  const editable = editor.isEditable;

  return (
    <NodeViewWrapper as="figure" className={`photo-figure ${selected ? 'is-selected' : ''}`}>
      <div className="photo-figure__frame" data-drag-handle="">
        {base !== null && asset && !broken ? (
          <img
            className="photo-figure__image"
            src={`${base}${asset}`}
            alt={text(node.attrs.alt) || caption}
            draggable={false}
            onError={() => setBroken(true)}
          />
        ) : (
          <div className="photo-figure__missing">{broken ? t('photo.missing') : t('photo.loading')}</div>
        )}
      </div>
      <figcaption className="photo-figure__fields">
        <div className="photo-figure__field">
          <label className="field__label" htmlFor={captionId}>
            {t('photo.caption')}
          </label>
          <textarea
            id={captionId}
            className="field__input photo-figure__caption"
            rows={1}
            value={caption}
            readOnly={!editable}
            maxLength={2000}
            onChange={(e) => {
              const v = toSingleLine(e.target.value);
              setCaption(v);
              updateAttributes({ caption: v });
            }}
          />
        </div>
        <div className="photo-figure__field photo-figure__field--credit">
          <label className="field__label" htmlFor={creditId}>
            {t('photo.credit')}
          </label>
          <input
            id={creditId}
            className="field__input photo-figure__credit"
            type="text"
            value={credit}
            readOnly={!editable}
            maxLength={200}
            onChange={(e) => {
              setCredit(e.target.value);
              updateAttributes({ credit: e.target.value });
            }}
          />
        </div>
        {editable && (
          <button
            type="button"
            className="button button--small button--quiet photo-figure__remove"
            onClick={deleteNode}
          >
            {t('photo.remove')}
          </button>
        )}
      </figcaption>
    </NodeViewWrapper>
  );
}
