import { ComposerPageEngine } from './composer-engine';
import type { PageEngine } from './page-engine';

/** One engine per screen: the page composer, drawing pages from the glyph runs print uses. */
export const createEngine = (doc: Document): PageEngine => new ComposerPageEngine(doc);
