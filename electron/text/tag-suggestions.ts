import type { StoryLanguage } from '../../shared/model/common';
import {
  type KnownTag,
  type TagSuggestion,
  type Word,
  analysedText,
  needsWords,
  suggestTags,
} from '../../shared/text/suggest-tags';
import { segmentForSuggestions } from './word-segmenter';

/** Cuts text into words, after learning these people's names: in the search process, or here. */
export type Segmenter = (text: string, people: readonly string[]) => Promise<Word[]>;

export interface SuggestTagsRequest {
  /** The story's headlines and body as plain text. */
  text: string;
  language: StoryLanguage;
  /** The story's byline: the people it names are people wherever the text names them. */
  byline?: string;
  limit?: number;
}

/** Role words and the newspaper's own name around the names in a byline (本报记者 何晓东 通讯员 王磊). */
const BYLINE_WORDS =
  /本报讯|本报|新华社|首席|资深|特约|见习|实习生|实习|摄影记者|摄影|记者|通讯员|撰稿|编译|报道|\bBy\b|\b(?:Staff|Writers?|Reporters?|Correspondents?)\b/gu;

/** The names a byline gives: Han names of 2–4 characters, English names of two or more capitalised words. */
export function bylinePeople(byline: string): string[] {
  const names = byline
    .replace(BYLINE_WORDS, ' ')
    .split(/[,，、;；:：()（）/|]+|\band\b/u)
    // Han names stand apart by spaces (记者 何晓东 王磊); English names have them inside.
    .flatMap((part) => (/\p{Script=Han}/u.test(part) ? part.split(/\s+/u) : [part.trim().replace(/\s+/g, ' ')]))
    .filter((part) => /^\p{Script=Han}{2,4}$/u.test(part) || /^[A-Z][a-z'’-]+(?: [A-Z][a-z'’.-]+)+$/.test(part));
  return [...new Set(names)];
}

/** The last answer, for the same request again (the story view asks after every pause in typing). */
let last: { key: string; value: TagSuggestion[] } | null = null;

/**
 * Tag suggestions for a story, with the library's own knowledge: its tags (suggested first
 * when the text mentions them, and added to the segmenter's dictionary so they are cut whole)
 * and the byline's names.
 */
export async function suggestStoryTags(
  request: SuggestTagsRequest,
  known: readonly KnownTag[],
  segment: Segmenter = segmentForSuggestions,
): Promise<TagSuggestion[]> {
  const { text, language, byline = '', limit = 12 } = request;
  const key = JSON.stringify([text, language, byline, limit, known.map((t) => `${t.kind}:${t.name}:${t.count}`)]);
  if (last?.key === key) return last.value;
  const people = bylinePeople(byline);
  let words;
  if (needsWords(text, language)) {
    // People only: a person's name is short and the HMM may cut a rare one apart (欧阳|明珠);
    // the library's organisations and places match across words anyway, and taught to the
    // dictionary they would swallow the words around them (青年大学 out of 青年大学习).
    const persons = [...people, ...known.filter((t) => t.kind === 'person').map((t) => t.name)];
    words = await segment(analysedText(text), persons);
  }
  const value = suggestTags(text, language, { words, known, people, limit });
  last = { key, value };
  return value;
}
