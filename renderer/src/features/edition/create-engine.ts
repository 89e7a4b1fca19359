import pageStylesheet from '../../../../resources/typeset/page.css?raw';
import { LayoutEngine } from '../../../../shared/layout/engine';
import type { PageEngine } from './page-engine';

/** One engine per screen: it keeps a hidden, unscaled measuring host in the document. */
export const createEngine = (doc: Document): PageEngine => new LayoutEngine(doc, { stylesheet: pageStylesheet });
