import type { Editor } from '@tiptap/react';
import { StoryBody } from '../../../../shared/model';

/** The editor's document as the model's StoryBody; a mismatch is a bug, so it throws. */
export const readBody = (editor: Editor): StoryBody => StoryBody.parse(editor.getJSON());
