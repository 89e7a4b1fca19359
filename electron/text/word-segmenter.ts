import { NEW_WORD, type Word } from '../../shared/text/suggest-tags';

/**
 * Chinese words for tag suggestions, from jieba (jieba-wasm: the Rust jieba compiled to
 * WebAssembly, with its 350,000-word dictionary inside the module). Loaded on the first
 * Chinese story that asks, not at start: it takes about 0.3–0.6 s and 75–90 MB, which an
 * English desk never needs to pay.
 *
 * One pass: `tag` with the HMM cuts names the dictionary lacks (何晓东, 江澜) into words of
 * their own, and gives each dictionary word its part of speech (nr, ns, nt …); a Han word it
 * found by the HMM has no entry and comes back as `x`, which is read as `new` here.
 * (Cutting with `cut` and tagging apart gives the same words, more slowly: npm run bench -- --only tags.)
 */

type Jieba = typeof import('jieba-wasm');

const HAN = /^\p{Script=Han}+$/u;

let loading: Promise<Jieba> | null = null;
/** Words already added to the dictionary, so each is added once. */
const learned = new Set<string>();

function jieba(): Promise<Jieba> {
  // The Node build of the package reads its .wasm beside it synchronously on import.
  loading ??= import('jieba-wasm');
  return loading;
}

/** jieba's part-of-speech tag for a kind of name the library already knows. */
export type LearnedKind = 'person' | 'place' | 'organisation';
const POS_OF: Record<LearnedKind, string> = { person: 'nr', place: 'ns', organisation: 'nt' };

/**
 * Adds names the library knows (its tags, the story's byline) to the dictionary, so the
 * segmenter keeps them whole and tags them for what they are. Only Han names of 2–20 characters.
 */
export async function learnWords(names: readonly { name: string; kind: LearnedKind }[]): Promise<void> {
  const fresh = names.filter(
    ({ name, kind }) => /^\p{Script=Han}{2,20}$/u.test(name) && !learned.has(`${kind}:${name}`),
  );
  if (fresh.length === 0) return;
  const j = await jieba();
  for (const { name, kind } of fresh) {
    // No frequency: jieba gives the word just enough to be cut whole where it stands alone,
    // without outweighing the dictionary's words where they overlap (王强|调 against 王|强调).
    j.add_word(name, undefined, POS_OF[kind]);
    learned.add(`${kind}:${name}`);
  }
}

/** The words of `text`, each with its part of speech and its UTF-16 offset. */
export async function segmentWords(text: string): Promise<Word[]> {
  const j = await jieba();
  const words: Word[] = [];
  let at = 0;
  for (const { word, tag } of j.tag(text, true)) {
    words.push({ text: word, pos: tag === 'x' && HAN.test(word) ? NEW_WORD : tag, start: at });
    at += word.length;
  }
  return words;
}

/** The words of `text` after teaching the segmenter these people's names (a byline's, the library's person tags). */
export async function segmentForSuggestions(text: string, people: readonly string[]): Promise<Word[]> {
  await learnWords(people.map((name) => ({ name, kind: 'person' })));
  return segmentWords(text);
}
