import type { Editor } from '@tiptap/react';
import { type RefObject, useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { MastheadError } from '../../../../../shared/ipc/contract';
import { api } from '../../../api/client';
import { MAX_PHOTO_BYTES } from '../../../../../shared/limits';
import { photoProblem, uploadPhoto } from './photo-upload';

/**
 * Inserts photo files into the body: each is checked, stored in the library by content hash
 * and placed at `pos` (a drop point) or the selection. One refused file does not stop the rest;
 * every refusal reaches the user through the view's error reporting.
 */
export function usePhotoInsert(
  editorRef: RefObject<Editor | null>,
  reportError: (error: unknown) => void,
): (files: File[], pos: number | null) => void {
  const { t } = useTranslation();
  return useCallback(
    (files: File[], pos: number | null) => {
      void (async () => {
        let at = pos;
        for (const file of files) {
          const problem = photoProblem(file);
          if (problem) {
            const message =
              problem === 'too-big'
                ? t('photo.tooBig', { name: file.name, limit: MAX_PHOTO_BYTES / 1048576 })
                : problem === 'empty'
                  ? t('photo.empty', { name: file.name })
                  : t('photo.notImage', { name: file.name });
            reportError(new MastheadError('invalid-input', message));
            continue;
          }
          try {
            const attrs = await uploadPhoto(file, api.importAsset);
            const editor = editorRef.current;
            if (!editor || editor.isDestroyed) return;
            const content = { type: 'photoFigure', attrs };
            if (at === null) {
              editor.chain().focus().insertPhoto(attrs).run();
            } else {
              // The upload took a moment: the document may have changed size meanwhile.
              const target = Math.min(at, editor.state.doc.content.size);
              editor.chain().focus().insertContentAt(target, content).run();
              // The selection now follows the photo: further files go after it.
              at = null;
            }
          } catch (error) {
            reportError(error);
          }
        }
      })();
    },
    [editorRef, reportError, t],
  );
}
