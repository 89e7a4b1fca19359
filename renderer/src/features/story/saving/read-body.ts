import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import type { Editor } from '@tiptap/react';
import { DocNode, type StoryBody } from '../../../../../shared/model';

/**
 * The editor's document as the model's StoryBody; a mismatch is a bug, so it throws.
 *
 * Read often while typing (draft journal, autosave, counts and copyfit), so it works block by
 * block: ProseMirror keeps the nodes of unchanged paragraphs from one keystroke to the next,
 * so each top-level block is turned into JSON and checked against the schema once, and a
 * read of a 30,000-character story costs the paragraph being typed, not the whole text.
 */
const blocks = new WeakMap<ProseMirrorNode, DocNode>();
const bodies = new WeakMap<ProseMirrorNode, StoryBody>();

export function bodyOf(doc: ProseMirrorNode): StoryBody {
  const known = bodies.get(doc);
  if (known) return known;
  const content: DocNode[] = [];
  doc.forEach((child) => {
    let block = blocks.get(child);
    if (!block) {
      block = DocNode.parse(child.toJSON());
      blocks.set(child, block);
    }
    content.push(block);
  });
  const body: StoryBody = content.length ? { type: 'doc', content } : { type: 'doc' };
  bodies.set(doc, body);
  return body;
}

export const readBody = (editor: Editor): StoryBody => bodyOf(editor.state.doc);
