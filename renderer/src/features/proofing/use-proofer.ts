import { useEffect, useState } from 'react';
import type { StoryLanguage } from '../../../../shared/model/common';
import { Proofer } from '../../../../shared/proofing/engine';
import { type HouseLists, mergeLists } from '../../../../shared/proofing/lists';
import { type SpellChecker, createSpellChecker } from '../../../../shared/proofing/spelling';
import { api } from '../../api/client';

/**
 * The renderer's proofer: the library's house lists, and for English a Hunspell checker built
 * here from the dictionary files the host sends (about 550 KB, once a session; building takes
 * about 300 ms, so it happens when an English story first opens, not at start-up).
 */
let lists: Promise<HouseLists> | null = null;
const spellers = new Map<string, Promise<SpellChecker>>();
let built: { key: string; proofer: Promise<Proofer> } | null = null;
const listeners = new Set<() => void>();

function speller(variant: 'en-US' | 'en-GB', words: string[]): Promise<SpellChecker> {
  const key = `${variant}\u0000${words.join('\n')}`;
  let found = spellers.get(key);
  if (!found) {
    found = api.getSpellingDictionary({ variant }).then(({ aff, dic }) => createSpellChecker(aff, dic, words));
    found.catch(() => spellers.delete(key));
    spellers.set(key, found);
  }
  return found;
}

async function buildProofer(language: StoryLanguage): Promise<Proofer> {
  lists ??= api.getProofingLists();
  const house = await lists;
  const merged = mergeLists(house);
  const key = `${language === 'en' ? house.settings.englishVariant : 'zh'}`;
  if (built?.key !== key) {
    built = {
      key,
      proofer: (async () =>
        new Proofer(
          merged,
          language === 'en' ? await speller(house.settings.englishVariant, merged.dictionary) : null,
        ))(),
    };
  }
  return built.proofer;
}

/** After the house lists change (an entry added from the card, a list saved in settings). */
export function houseListsChanged(next: HouseLists): void {
  lists = Promise.resolve(next);
  built = null;
  for (const listener of listeners) listener();
}

export function useProofer(language: StoryLanguage): { proofer: Proofer | null; error: unknown } {
  const [state, setState] = useState<{ proofer: Proofer | null; error: unknown }>({ proofer: null, error: null });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const listener = () => setGeneration((g) => g + 1);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  useEffect(() => {
    let live = true;
    buildProofer(language).then(
      (proofer) => live && setState({ proofer, error: null }),
      (error: unknown) => {
        lists = null;
        if (live) setState({ proofer: null, error });
      },
    );
    return () => {
      live = false;
    };
  }, [language, generation]);
  return state;
}
