import nspell from 'nspell';

/**
 * English spelling with Hunspell dictionaries (en-US, en-GB) through nspell, pure JS, so the
 * same checker runs in the main process, the CLI and the renderer. Building one takes about
 * 300 ms, so each host builds it once, when an English word is first checked.
 */
export interface SpellChecker {
  correct(word: string): boolean;
  suggest(word: string): string[];
  /** A word the dictionary has only with a capital (Monday, Beijing): a name, fine in any headline. */
  isProperNoun(word: string): boolean;
}

export function createSpellChecker(aff: string, dic: string, houseWords: readonly string[] = []): SpellChecker {
  // Built on the first English word asked about, not when the proofer is made: an edition
  // (or a `masthead check`) with no English story never pays for it.
  let built: { speller: ReturnType<typeof nspell>; capitalised: Set<string> } | null = null;
  const build = () => {
    if (built) return built;
    const speller = nspell(aff, dic);
    const capitalised = new Set<string>();
    // The .dic lists one word a line (word/FLAGS); those starting with a capital are names.
    for (const line of dic.split('\n')) {
      const code = line.charCodeAt(0);
      if (code >= 65 && code <= 90) capitalised.add(line.split('/')[0]!.trim());
    }
    for (const word of houseWords) {
      speller.add(word);
      if (/^[A-Z]/.test(word)) capitalised.add(word);
    }
    return (built = { speller, capitalised });
  };
  const verdicts = new Map<string, boolean>();
  const suggestions = new Map<string, string[]>();
  return {
    correct(word) {
      let verdict = verdicts.get(word);
      if (verdict === undefined) {
        verdict = build().speller.correct(word);
        if (verdicts.size > 50_000) verdicts.clear();
        verdicts.set(word, verdict);
      }
      return verdict;
    },
    suggest(word) {
      let found = suggestions.get(word);
      if (!found) {
        found = build().speller.suggest(word).slice(0, 5);
        suggestions.set(word, found);
      }
      return found;
    },
    isProperNoun: (word) => build().capitalised.has(word),
  };
}
