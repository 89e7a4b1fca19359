import { Node, mergeAttributes } from '@tiptap/core';

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    crossHead: {
      /** Turns the current block into a cross-head (小标题), or back into a paragraph. */
      toggleCrossHead: () => ReturnType;
    };
    pullQuote: {
      togglePullQuote: () => ReturnType;
    };
    editorsNote: {
      /** Wraps the selected paragraphs in an editor's note (编者按), or unwraps them. */
      toggleEditorsNote: () => ReturnType;
    };
    photoFigure: {
      insertPhoto: (attrs: PhotoAttrs) => ReturnType;
    };
  }
}

export interface PhotoAttrs {
  /** The asset id in the library: the SHA-256 of the image and its extension. */
  asset: string;
  alt?: string;
  /** 图片说明 */
  caption?: string;
  credit?: string;
  width?: number | null;
  height?: number | null;
}

/** 小标题: a short heading between paragraphs of a long story. */
export const CrossHead = Node.create({
  name: 'crossHead',
  group: 'block',
  content: 'inline*',
  marks: 'italic',
  defining: true,
  // Headings pasted from Word or the web become cross-heads: a story has no other heading.
  parseHTML: () => ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((tag) => ({ tag })),
  renderHTML: ({ HTMLAttributes }) => ['h3', mergeAttributes(HTMLAttributes, { class: 'cross-head' }), 0],
  addCommands() {
    return {
      toggleCrossHead:
        () =>
        ({ commands }) =>
          commands.toggleNode(this.name, 'paragraph'),
    };
  },
  addKeyboardShortcuts() {
    return { 'Mod-Alt-h': () => this.editor.commands.toggleCrossHead() };
  },
});

/** A pull quote: a line from the story set large in the layout. */
export const PullQuote = Node.create({
  name: 'pullQuote',
  group: 'block',
  content: 'inline*',
  marks: '',
  defining: true,
  parseHTML: () => [{ tag: 'blockquote[data-type="pull-quote"]', priority: 60 }, { tag: 'aside.pull-quote' }],
  renderHTML: ({ HTMLAttributes }) => [
    'blockquote',
    mergeAttributes(HTMLAttributes, { 'data-type': 'pull-quote', class: 'pull-quote' }),
    0,
  ],
  addCommands() {
    return {
      togglePullQuote:
        () =>
        ({ commands }) =>
          commands.toggleNode(this.name, 'paragraph'),
    };
  },
});

/** 编者按: the editor's note that opens some stories, set apart from the body. */
export const EditorsNote = Node.create({
  name: 'editorsNote',
  group: 'block',
  content: 'paragraph+',
  defining: true,
  parseHTML: () => [{ tag: 'aside[data-type="editors-note"]' }],
  renderHTML: ({ HTMLAttributes }) => [
    'aside',
    mergeAttributes(HTMLAttributes, { 'data-type': 'editors-note', class: 'editors-note' }),
    0,
  ],
  addCommands() {
    return {
      toggleEditorsNote:
        () =>
        ({ commands }) =>
          commands.toggleWrap(this.name),
    };
  },
});

/** A photo from the library's assets, with its caption (图片说明) and credit. */
export const PhotoFigure = Node.create({
  name: 'photoFigure',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,
  addAttributes() {
    return {
      asset: { default: '' },
      alt: { default: '' },
      caption: { default: '' },
      credit: { default: '' },
      width: { default: null },
      height: { default: null },
    };
  },
  parseHTML: () => [
    {
      tag: 'figure[data-asset]',
      getAttrs: (el) => ({
        asset: el.getAttribute('data-asset') ?? '',
        alt: el.querySelector('img')?.getAttribute('alt') ?? '',
        caption: el.querySelector('.caption')?.textContent ?? '',
        credit: el.querySelector('.credit')?.textContent ?? '',
      }),
    },
  ],
  renderHTML: ({ node }) => [
    'figure',
    { class: 'photo', 'data-asset': node.attrs.asset },
    ['img', { src: `asset:${node.attrs.asset}`, alt: node.attrs.alt || node.attrs.caption }],
    [
      'figcaption',
      ['span', { class: 'caption' }, node.attrs.caption],
      ' ',
      ['span', { class: 'credit' }, node.attrs.credit],
    ],
  ],
  addCommands() {
    return {
      insertPhoto:
        (attrs) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs }),
    };
  },
});
