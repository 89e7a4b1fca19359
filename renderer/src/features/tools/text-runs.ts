import type { Node as PmNode } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';

/**
 * The text of one textblock (paragraph, cross-head, pull quote) and the document position of
 * its first character. Offset i in `text` is document position `pos + i`: text nodes give one
 * character per position, and every other inline node (a hard break) stands in as U+FFFC for
 * each position it takes, so no search or fix can match across it.
 */
export interface TextRun {
  pos: number;
  text: string;
}

export const OBJECT_CHARACTER = '\ufffc';

export function textRuns(doc: PmNode): TextRun[] {
  const runs: TextRun[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    let text = '';
    // Marks split a sentence into several text nodes; joined here, a match may span them.
    node.forEach((child) => {
      text += child.isText ? (child.text ?? '') : OBJECT_CHARACTER.repeat(child.nodeSize);
    });
    runs.push({ pos: pos + 1, text });
    return false;
  });
  return runs;
}

/**
 * Replaces document text [from, to) with plain text. Replacement of the same length (a
 * converted character, a full-width comma) goes piece by piece, so every character keeps
 * the marks it had; otherwise the new text takes the marks the old text had throughout
 * (a bold word stays bold), and an insertion the marks at its position.
 */
export function replaceText(tr: Transaction, from: number, to: number, text: string): void {
  if (!text) {
    tr.delete(from, to);
    return;
  }
  const { doc } = tr;
  const schema = doc.type.schema;
  if (text.length === to - from) {
    const pieces: { from: number; to: number; node: PmNode }[] = [];
    doc.nodesBetween(from, to, (node, pos) => {
      if (node.isText) pieces.push({ from: Math.max(from, pos), to: Math.min(to, pos + node.nodeSize), node });
    });
    const covered = pieces.reduce((sum, p) => sum + p.to - p.from, 0);
    if (pieces.length > 1 && covered === to - from) {
      // Last piece first, so the earlier positions stay put (lengths do not change anyway).
      for (const piece of pieces.reverse()) {
        const slice = text.slice(piece.from - from, piece.to - from);
        if (doc.textBetween(piece.from, piece.to) !== slice) {
          tr.replaceWith(piece.from, piece.to, schema.text(slice, piece.node.marks));
        }
      }
      return;
    }
  }
  const $from = doc.resolve(from);
  const marks = from === to ? $from.marks() : ($from.marksAcross(doc.resolve(to)) ?? $from.marks());
  tr.replaceWith(from, to, schema.text(text, marks));
}
