import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { Proofer, type StoryToProof } from '../../shared/proofing/engine';
import {
  DEFAULT_PROOFING_SETTINGS,
  type EnglishVariant,
  HOUSE_LIST_NAMES,
  type HouseListName,
  type HouseLists,
  type ListProblem,
  type ProofingSettings,
  emptyHouseLists,
  mergeLists,
  parseNameList,
  parseReplacementList,
} from '../../shared/proofing/lists';
import { type SpellChecker, createSpellChecker } from '../../shared/proofing/spelling';
import { type Finding, type ProofSummary } from '../../shared/proofing/types';
import type { Story } from '../../shared/model/story';
import { writeFileDurably } from '../store/durable-file';
import { ServiceError, describeIoError } from '../rpc/errors';

/**
 * Proofing over a library: the house lists live in its `proofing/` folder as plain text
 * (confusions.txt, sensitive.txt, style.txt, names.txt, dictionary.txt) beside settings.json
 * and ignored.json (what "ignore in this story" remembers), so a desk shares them with the
 * library and edits them with any text editor too.
 */

const DICTIONARY_PACKAGES: Record<EnglishVariant, string> = { 'en-US': 'dictionary-en', 'en-GB': 'dictionary-en-gb' };

const require = createRequire(import.meta.url);

/** The Hunspell files of a variant, as text (also sent to the renderer, which builds its own checker). */
export async function readDictionary(variant: EnglishVariant): Promise<{ aff: string; dic: string }> {
  const folder = dirname(require.resolve(DICTIONARY_PACKAGES[variant]));
  try {
    const [aff, dic] = await Promise.all([
      readFile(join(folder, 'index.aff'), 'utf8'),
      readFile(join(folder, 'index.dic'), 'utf8'),
    ]);
    return { aff, dic };
  } catch (error) {
    throw describeIoError(error, `read the ${variant} dictionary`);
  }
}

const spellers = new Map<EnglishVariant, Promise<{ aff: string; dic: string }>>();
const dictionaryFiles = (variant: EnglishVariant) => {
  let files = spellers.get(variant);
  if (!files) {
    files = readDictionary(variant);
    files.catch(() => spellers.delete(variant));
    spellers.set(variant, files);
  }
  return files;
};

export const ProofingSettingsFile = z.object({
  englishVariant: z.enum(['en-US', 'en-GB']).default(DEFAULT_PROOFING_SETTINGS.englishVariant),
  headlineCase: z.enum(['sentence', 'title', 'off']).default(DEFAULT_PROOFING_SETTINGS.headlineCase),
});

const IgnoredFile = z.record(z.string(), z.array(z.string().max(400)).max(5000));

const listPath = (root: string, name: HouseListName) => join(root, 'proofing', `${name}.txt`);

const NO_LIBRARY = 'Proofing lists are kept in a library: open one first.';

async function readOptional(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw describeIoError(error, `read ${path}`);
  }
}

/** Problems of a list text, so a save or an import says which lines it could not read. */
export function listProblems(name: HouseListName, text: string): ListProblem[] {
  if (name === 'names') return parseNameList(text).problems;
  if (name === 'dictionary') return [];
  return parseReplacementList(text).problems;
}

export class ProofingService {
  private lists: Promise<HouseLists> | null = null;
  private proofer: Promise<Proofer> | null = null;

  /** root: the library folder, or null for the shipped lists alone (a file proofed outside a library). */
  constructor(readonly root: string | null) {}

  /** The house lists as the library keeps them (empty where a file is missing). */
  houseLists(): Promise<HouseLists> {
    this.lists ??= this.readLists().catch((error: unknown) => {
      this.lists = null;
      throw error;
    });
    return this.lists;
  }

  private async readLists(): Promise<HouseLists> {
    const lists = emptyHouseLists();
    if (this.root === null) return lists;
    for (const name of HOUSE_LIST_NAMES) lists[name] = (await readOptional(listPath(this.root, name))) ?? '';
    const settings = await readOptional(join(this.root, 'proofing', 'settings.json'));
    if (settings !== null) {
      try {
        lists.settings = ProofingSettingsFile.parse(JSON.parse(settings));
      } catch {
        // A settings file edited by hand into nonsense: the defaults, rather than no proofing.
        lists.settings = { ...DEFAULT_PROOFING_SETTINGS };
      }
    }
    return lists;
  }

  /** Replaces one house list with `text`; refuses (and writes nothing) when a line cannot be read. */
  async saveList(name: HouseListName, text: string): Promise<HouseLists> {
    const problems = listProblems(name, text);
    if (problems.length) {
      const first = problems
        .slice(0, 3)
        .map((p) => `line ${p.line} “${p.text.slice(0, 40)}”: ${p.message}`)
        .join('; ');
      throw new ServiceError(
        'invalid-input',
        `The ${name} list has ${problems.length} line(s) it cannot read: ${first}`,
      );
    }
    await this.write(listPath(this.libraryRoot(), name), text.endsWith('\n') || text === '' ? text : `${text}\n`);
    return this.changed();
  }

  async saveSettings(settings: ProofingSettings): Promise<HouseLists> {
    await this.write(join(this.libraryRoot(), 'proofing', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
    return this.changed();
  }

  /** Adds a line to the dictionary or the names list once (the card's "add to house list"). */
  async saveListLine(name: 'dictionary' | 'names', line: string): Promise<HouseLists> {
    const lists = await this.houseLists();
    const lines = lists[name].split(/\r?\n/).filter((w) => w.trim() !== '');
    if (!lines.includes(line)) lines.push(line);
    return this.saveList(name, lines.join('\n'));
  }

  /** Adds `wrong→right|reason` to a house list (a term the desk wants flagged from now on). */
  async addHouseEntry(name: 'confusions' | 'sensitive' | 'style', line: string): Promise<HouseLists> {
    const lists = await this.houseLists();
    const text = lists[name].trimEnd();
    return this.saveList(name, text ? `${text}\n${line}` : line);
  }

  private libraryRoot(): string {
    if (this.root === null) throw new ServiceError('unsupported', NO_LIBRARY);
    return this.root;
  }

  private async write(path: string, text: string): Promise<void> {
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFileDurably(path, text);
    } catch (error) {
      throw describeIoError(error, `write ${path}`);
    }
  }

  private async changed(): Promise<HouseLists> {
    this.lists = null;
    this.proofer = null;
    return this.houseLists();
  }

  /** The proofer for the current lists, with the house's English dictionary variant. */
  async current(): Promise<Proofer> {
    this.proofer ??= (async () => {
      const house = await this.houseLists();
      const lists = mergeLists(house);
      const { aff, dic } = await dictionaryFiles(house.settings.englishVariant);
      const speller: SpellChecker = createSpellChecker(aff, dic, lists.dictionary);
      return new Proofer(lists, speller);
    })().catch((error: unknown) => {
      this.proofer = null;
      throw error;
    });
    return this.proofer;
  }

  async ignored(storyId: string): Promise<string[]> {
    return (await this.readIgnored())[storyId] ?? [];
  }

  private async readIgnored(): Promise<Record<string, string[]>> {
    if (this.root === null) return {};
    const text = await readOptional(join(this.root, 'proofing', 'ignored.json'));
    if (text === null) return {};
    try {
      return IgnoredFile.parse(JSON.parse(text));
    } catch {
      return {};
    }
  }

  /** Remembers (or forgets) "ignore in this story" for one finding's key. */
  async setIgnored(storyId: string, key: string, ignored: boolean): Promise<string[]> {
    const all = await this.readIgnored();
    const keys = new Set(all[storyId] ?? []);
    if (ignored) keys.add(key);
    else keys.delete(key);
    if (keys.size) all[storyId] = [...keys];
    else delete all[storyId];
    await this.write(join(this.libraryRoot(), 'proofing', 'ignored.json'), `${JSON.stringify(all, null, 2)}\n`);
    return all[storyId] ?? [];
  }

  /** Findings of one story (what the desk has not ignored), with its counts. */
  async proofStory(
    story: Story | (StoryToProof & { id?: string }),
    date: string | null = null,
  ): Promise<{ findings: Finding[]; summary: ProofSummary }> {
    const proofer = await this.current();
    const ignored = 'id' in story && story.id ? new Set(await this.ignored(story.id)) : undefined;
    const findings = proofer.proofStory(story, { date, ignored, suggestSpelling: true });
    return { findings, summary: proofer.summary(story, findings) };
  }
}
