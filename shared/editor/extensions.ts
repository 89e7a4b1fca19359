import { getSchema, type Extensions } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';

/**
 * The story body schema, shared by the editor, the main process, export and tests.
 * Schema-only: React node views are added in the renderer. For now the body holds
 * paragraphs, cross-heads (小标题, stored as level-3 headings), block quotes, lists,
 * bold, italic and links; the story editor issue adds pull quotes, editor's notes and
 * photo figures here.
 */
export const storyExtensions: Extensions = [
  StarterKit.configure({
    heading: { levels: [3] },
    code: false,
    codeBlock: false,
    horizontalRule: false,
    strike: false,
    underline: false,
    link: { openOnClick: false, autolink: true, protocols: ['http', 'https', 'mailto'] },
  }),
];

export const storySchema = () => getSchema(storyExtensions);
