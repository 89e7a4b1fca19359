import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Edition,
  type EditionSummary,
  Id,
  type NewEdition,
  SCHEMA_VERSION,
  editionMigrations,
  summariseEdition,
} from '../../shared/model';
import { type StoryPlace, storyPlaces } from '../../shared/model/story-place';
import { onGrid, templateOf, validateTemplate, withDerivedCharsPerLine } from '../../shared/layout/grid';
import { renumberPages } from '../../shared/layout/jumps';
import { builtInTemplates, findTemplate } from '../../shared/model/templates';
import { ServiceError, describeIoError } from '../rpc/errors';
import { type DurableFs, ensureDirIn, moveDurably } from './durable-file';
import { exists, readJson, writeJson } from './json-file';
import type { KeyedLock } from './keyed-lock';
import { isDataFile } from './pool';
import { isDamage, isNewer } from './recovery';

/** An edition from elsewhere read at the moment it is written (the file as it is then). */
export interface EditionFromElsewhere {
  id: string;
  read: (current: Edition | null) => Edition;
}

/** Told after an edition is created or saved (the edition) or deleted (null). */
export type EditionListener = (id: string, edition: Edition | null) => void;

/**
 * The library's editions: one file each in `editions/`, saved whole (the desk's layout is
 * one document) and checked against the page grid; deleted ones go to `editions-trash/`.
 */
export class EditionStore {
  private readonly listeners = new Set<EditionListener>();

  constructor(
    private readonly root: string,
    private readonly options: { fs: DurableFs; locks: KeyedLock; now: () => Date; newId: () => string },
  ) {}

  /** Subscribes to edition changes (the newsroom's sync follows the editions this way). */
  onChanged(listener: EditionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(id: string, edition: Edition | null): void {
    for (const listener of this.listeners) {
      try {
        listener(id, edition);
      } catch (error) {
        console.error('[masthead] an edition listener failed:', error);
      }
    }
  }

  /** The ids of the editions in the library (their files), unread. */
  async ids(): Promise<string[]> {
    const dir = join(this.root, 'editions');
    const files = (await exists(dir)) ? await readdir(dir) : [];
    return files.filter(isDataFile).map((file) => file.slice(0, -'.json'.length));
  }

  /**
   * Writes an edition as another desk left it (the newsroom's sync): as it is, its time
   * included; nothing is written when it already reads the same. Given `read`, the edition
   * is what it returns for the file as it is, under the edition's lock.
   */
  async putFromElsewhere(incoming: Edition | EditionFromElsewhere): Promise<{ edition: Edition; changed: boolean }> {
    const { id } = incoming;
    const result = await this.options.locks.run(`edition:${id}`, async () => {
      const path = this.path(id);
      const current = (await exists(path)) ? await readJson(path, Edition, editionMigrations) : null;
      const edition = Edition.parse('read' in incoming ? incoming.read(current) : incoming);
      if (current && JSON.stringify(current) === JSON.stringify(edition)) return { edition: current, changed: false };
      await ensureDirIn(this.root, 'editions');
      await writeJson(path, edition, this.options.fs);
      return { edition, changed: true };
    });
    if (result.changed) this.emit(id, result.edition);
    return result;
  }

  private path(id: string): string {
    return join(this.root, 'editions', `${Id.parse(id)}.json`);
  }

  async list(): Promise<EditionSummary[]> {
    const dir = join(this.root, 'editions');
    const files = (await exists(dir)) ? await readdir(dir) : [];
    const out: EditionSummary[] = [];
    for (const file of files.filter(isDataFile)) {
      try {
        out.push(summariseEdition(await readJson(join(dir, file), Edition, editionMigrations)));
      } catch (error) {
        // A damaged edition is quarantined at the next open; it does not hide the others.
        if (!isDamage(error) && !isNewer(error)) throw describeIoError(error, 'list the editions');
      }
    }
    return out.sort((a, b) => b.date.localeCompare(a.date));
  }

  /**
   * Where each placed story runs (its newest edition's page), read in one pass over the
   * editions: the library's list asks once per load, not once per row.
   */
  async storyPlaces(): Promise<StoryPlace[]> {
    const dir = join(this.root, 'editions');
    const files = (await exists(dir)) ? await readdir(dir) : [];
    const editions: Edition[] = [];
    for (const file of files.filter(isDataFile)) {
      try {
        editions.push(await readJson(join(dir, file), Edition, editionMigrations));
      } catch (error) {
        // As in list(): a damaged edition places nothing, and hides no other edition's stories.
        if (!isDamage(error) && !isNewer(error)) throw describeIoError(error, 'list the editions');
      }
    }
    return storyPlaces(editions);
  }

  async get(id: string): Promise<Edition> {
    const path = this.path(id);
    if (!(await exists(path))) throw new ServiceError('not-found', `There is no edition ${id} in this library.`);
    return readJson(path, Edition, editionMigrations);
  }

  /** A new edition: its pages numbered from 1, each on the named template, copied into the edition. */
  async create(input: NewEdition): Promise<Edition> {
    const { newId, locks, fs } = this.options;
    const template = findTemplate(input.templateId);
    if (!template) throw new ServiceError('invalid-input', `There is no page template ${input.templateId}.`);
    const now = this.options.now().toISOString();
    const edition = Edition.parse({
      schemaVersion: SCHEMA_VERSION,
      id: newId(),
      publication: input.publication.trim(),
      date: input.date,
      issueNumber: input.issueNumber,
      templates: [withDerivedCharsPerLine(template)],
      pages: Array.from({ length: input.pageCount }, (_, i) => ({
        id: newId(),
        number: i + 1,
        section: input.sections[i] ?? '',
        templateId: template.id,
        placements: [],
      })),
      createdAt: now,
      updatedAt: now,
    } satisfies Edition);
    await locks.run(`edition:${edition.id}`, async () => {
      await ensureDirIn(this.root, 'editions');
      await writeJson(this.path(edition.id), edition, fs);
    });
    this.emit(edition.id, edition);
    return edition;
  }

  /**
   * Saves a whole edition. Refused when someone saved it since it was loaded, when a page
   * names a template the edition doesn't carry, when a template's grid is impossible, or
   * when a block lies off its page's grid. Pages are renumbered by their order.
   */
  async save(input: { edition: Edition; baseUpdatedAt: string }): Promise<Edition> {
    const { edition } = input;
    const saved = await this.options.locks.run(`edition:${edition.id}`, async () => {
      const current = await this.get(edition.id);
      if (current.updatedAt !== input.baseUpdatedAt)
        throw new ServiceError('conflict', `Edition ${edition.id} was changed elsewhere since it was opened.`);
      const templates = edition.templates.map(withDerivedCharsPerLine);
      for (const template of templates) {
        const problems = validateTemplate(template);
        if (problems.length)
          throw new ServiceError(
            'invalid-input',
            `Page template "${template.name}" cannot be used: ${problems.join(', ')}.`,
          );
      }
      for (const page of edition.pages) {
        const template = templateOf({ templates }, page, builtInTemplates);
        if (!template)
          throw new ServiceError('invalid-input', `Page ${page.number} names an unknown template ${page.templateId}.`);
        const off = page.placements.find((p) => !onGrid(template, p));
        if (off)
          throw new ServiceError('invalid-input', `Block "${off.label}" lies off the grid of page ${page.number}.`);
      }
      const next = Edition.parse({
        ...edition,
        templates,
        pages: renumberPages(edition.pages),
        schemaVersion: SCHEMA_VERSION,
        createdAt: current.createdAt,
        updatedAt: this.laterThan(current.updatedAt),
      });
      await writeJson(this.path(next.id), next, this.options.fs);
      return next;
    });
    this.emit(saved.id, saved);
    return saved;
  }

  /** A timestamp after `previous`, so two saves in one millisecond still differ. */
  private laterThan(previous: string): string {
    const now = this.options.now().getTime();
    const before = Date.parse(previous);
    return new Date(Number.isNaN(before) || now > before ? now : before + 1).toISOString();
  }

  /** Moves an edition's file to `editions-trash/`; its stories stay in the library. */
  async delete(id: string): Promise<void> {
    await this.options.locks.run(`edition:${id}`, async () => {
      const path = this.path(id);
      if (!(await exists(path))) throw new ServiceError('not-found', `There is no edition ${id} in this library.`);
      await ensureDirIn(this.root, 'editions-trash');
      await moveDurably(path, join(this.root, 'editions-trash', `${id}.json`));
    });
    this.emit(id, null);
  }
}
