import { type Extensions, getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { CrossHead, EditorsNote, PhotoFigure, PullQuote } from './nodes';

/**
 * The story body schema, shared by the editor, the main process, export and tests:
 * paragraphs, cross-heads (小标题), block quotes, pull quotes, bullet and numbered lists,
 * editor's notes (编者按), photo figures, bold, italic and links. Schema-only: React node
 * views are added in the renderer. Anything pasted is parsed into this schema, so a paste
 * from Word or the web keeps its text and loses every other format.
 */
export const storyExtensions: Extensions = [
  StarterKit.configure({
    heading: false,
    code: false,
    codeBlock: false,
    horizontalRule: false,
    strike: false,
    underline: false,
    link: { openOnClick: false, autolink: true, protocols: ['http', 'https', 'mailto'] },
  }),
  CrossHead,
  PullQuote,
  EditorsNote,
  PhotoFigure,
];

export const storySchema = () => getSchema(storyExtensions);
