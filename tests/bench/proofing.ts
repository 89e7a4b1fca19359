import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getSchema } from '@tiptap/core';
import { EditorState } from '@tiptap/pm/state';
import {
  applyProofing,
  PROOF_PENDING,
  proofingKey,
  type ProofingState,
  proofDocument,
  type ProofingController,
} from '../../renderer/src/features/proofing/proofing-plugin';
import { storyExtensions } from '../../shared/editor/extensions';
import type { StoryLanguage } from '../../shared/model/common';
import type { StoryBody } from '../../shared/model/story';
import { AhoCorasick } from '../../shared/proofing/aho-corasick';
import { Proofer } from '../../shared/proofing/engine';
import { emptyHouseLists, mergeLists } from '../../shared/proofing/lists';
import { createSpellChecker } from '../../shared/proofing/spelling';
import { type BenchOptions, type Figure, median, round } from './figures';

/**
 * Proofing speed: a 30,000-character story proofed from scratch against a naive scan (indexOf
 * for every list entry), and a keystroke in it (the editor plugin's transaction: one paragraph
 * re-proofed, underlines mapped) against proofing the whole story again with a cold cache.
 */
const fixtures = join(new URL('.', import.meta.url).pathname, '..', 'fixtures', 'proofing');

function story(language: StoryLanguage, target: number): StoryBody {
  const source = readFileSync(join(fixtures, language === 'en' ? 'clean-en.txt' : 'clean-zh.txt'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'));
  const content: StoryBody['content'] = [];
  let length = 0;
  // Numbered so no two paragraphs share a text (the cache must not make the story look smaller).
  for (let i = 0; length < target; i++) {
    const text = `${source[i % source.length]!} ${i + 1}`;
    length += text.length;
    content.push({ type: 'paragraph', content: [{ type: 'text', text }] });
  }
  return { type: 'doc', content };
}

function time(run: () => void, repeat: number): number {
  const samples: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export async function proofingBench(_options: BenchOptions): Promise<Figure[]> {
  const folder = dirname(createRequire(import.meta.url).resolve('dictionary-en'));
  const speller = createSpellChecker(
    readFileSync(join(folder, 'index.aff'), 'utf8'),
    readFileSync(join(folder, 'index.dic'), 'utf8'),
  );
  const lists = mergeLists(emptyHouseLists());
  const patterns = [...lists.confusions, ...lists.sensitive, ...lists.style].map((e) => e.wrong);
  const schema = getSchema(storyExtensions);
  const figures: Figure[] = [];

  for (const language of ['zh-Hans', 'en'] as const) {
    const body = story(language, 30_000);
    const fields = { language, kicker: '', headline: '', subheadline: '', byline: '', dateline: '', body };
    const text = (body.content ?? []).map((p) => p.content?.[0]?.text ?? '').join('\n');
    const fresh = () => new Proofer(lists, language === 'en' ? speller : null);

    // The lists are compiled once a session; "from scratch" is a story none of whose paragraphs is cached.
    const compiled = fresh();
    const scratch = time(() => {
      compiled.clearCache();
      compiled.proofStory(fields);
    }, 9);
    const naive = time(() => {
      let hits = 0;
      const lower = text.toLowerCase();
      for (const pattern of patterns) {
        for (let at = lower.indexOf(pattern); at !== -1; at = lower.indexOf(pattern, at + 1)) hits++;
      }
      if (hits < 0) throw new Error('unreachable');
    }, 9);
    if (language === 'zh-Hans') {
      // A house list of thousands of terms: one automaton pass against indexOf for each term.
      const many = [...patterns, ...Array.from({ length: 5_000 - patterns.length }, (_, i) => `禁用词${i}号`)];
      const matcher = new AhoCorasick(many);
      const automaton = time(() => matcher.findAll(text), 9);
      const perTerm = time(() => {
        let hits = 0;
        for (const pattern of many)
          for (let at = text.indexOf(pattern); at !== -1; at = text.indexOf(pattern, at + 1)) hits++;
        if (hits < 0) throw new Error('unreachable');
      }, 9);
      figures.push({
        name: 'match 5,000 list terms in 30,000 chars (Aho–Corasick, median of 9)',
        value: round(automaton),
        unit: 'ms',
        baseline: 'indexOf for each term',
        baselineValue: round(perTerm),
      });
    }
    figures.push({
      name: `proof a 30,000-char ${language} story from scratch (median of 9)`,
      value: round(scratch),
      unit: 'ms',
      baseline: `indexOf for each of ${patterns.length} list entries (lists only)`,
      baselineValue: round(naive),
    });

    // A keystroke through the editor plugin, in the middle of the story.
    const proofer = fresh();
    const controller: ProofingController = {
      proofer,
      language,
      dateline: '',
      date: null,
      ignored: new Set(),
      ignoredOnce: new Set(),
      onFindings: () => undefined,
      onOpen: () => undefined,
    };
    let state = EditorState.create({ doc: schema.nodeFromJSON(body) });
    let value: ProofingState = { decorations: proofDocument(state.doc, controller).set, pending: [] };
    const middle = Math.floor(state.doc.content.size / 2);
    const keystrokes: number[] = [];
    for (let i = 0; i < 60; i++) {
      const tr = state.tr.insertText(language === 'en' ? 'e' : '的', middle + i);
      // The keystroke's transaction only maps; its paragraph is proofed in the pass that follows.
      const start = performance.now();
      value = applyProofing(tr, value, controller);
      state = state.apply(tr);
      const pass = state.tr.setMeta(proofingKey, PROOF_PENDING);
      value = applyProofing(pass, value, controller);
      keystrokes.push(performance.now() - start);
      state = state.apply(pass);
    }
    const again = time(() => {
      compiled.clearCache();
      proofDocument(state.doc, { ...controller, proofer: compiled });
    }, 5);
    figures.push({
      name: `keystroke in a 30,000-char ${language} story (plugin transaction, median of 60)`,
      value: round(median(keystrokes), 3),
      unit: 'ms',
      baseline: 'proofing the whole story again, cold cache',
      baselineValue: round(again),
    });
  }
  return figures;
}
