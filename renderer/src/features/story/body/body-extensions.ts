import { ReactNodeViewRenderer } from '@tiptap/react';
import { storyExtensions } from '../../../../../shared/editor/extensions';
import { PhotoFigure } from '../../../../../shared/editor/nodes';
import { PhotoNodeView } from '../photos/photo-node-view';
import { Proofing } from '../../proofing/proofing-plugin';
import { KeepUnreadSelection } from './unread-selection';

/** The photo node with its React view: image, editable caption and credit. */
export const PhotoFigureWithView = PhotoFigure.extend({
  addNodeView() {
    return ReactNodeViewRenderer(PhotoNodeView);
  },
});

/** The shared schema with the renderer's node views swapped in; the schema itself is unchanged. */
export const bodyExtensions = [
  ...storyExtensions.map((extension) => (extension.name === PhotoFigure.name ? PhotoFigureWithView : extension)),
  // Proofing underlines: no schema, only decorations (renderer/src/features/proofing).
  Proofing,
  // Timer-driven redraws (proofing, others' carets) keep a caret the browser just moved.
  KeepUnreadSelection,
];
