import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AhoCorasick } from '../../../../shared/proofing/aho-corasick';
import { Proofer } from '../../../../shared/proofing/engine';
import { emptyHouseLists, mergeLists, shippedLists } from '../../../../shared/proofing/lists';
import { createSpellChecker } from '../../../../shared/proofing/spelling';
import { measure } from '../../../proofing/seeded-corpus';

const folder = dirname(createRequire(import.meta.url).resolve('dictionary-en'));
const speller = createSpellChecker(
  readFileSync(join(folder, 'index.aff'), 'utf8'),
  readFileSync(join(folder, 'index.dic'), 'utf8'),
);
const para = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const story = (language: 'zh-Hans' | 'en', paragraphs: string[], extra: Partial<Record<string, string>> = {}) => ({
  language,
  kicker: '',
  headline: '',
  subheadline: '',
  byline: '',
  dateline: '',
  ...extra,
  body: { type: 'doc' as const, content: paragraphs.map(para) },
});

describe('Aho–Corasick', () => {
  it('finds every occurrence of overlapping patterns in one pass', () => {
    const matcher = new AhoCorasick(['he', 'she', 'his', 'hers']);
    const found = matcher.findAll('ushers').map((m) => `${m.pattern}@${m.start}`);
    expect(found.sort()).toEqual(['0@2', '1@1', '3@2'].sort());
    expect(matcher.findLongest('ushers').map((m) => m.pattern)).toEqual([1]);
  });
});

describe('proofing', () => {
  const proofer = new Proofer(
    mergeLists({ ...emptyHouseLists(), names: '陈立新|市委书记\n刘海鸥|市长\n孙嘉禾|副市长' }),
    speller,
  );

  it('ships several hundred Chinese confusions, each with its correction and reason', () => {
    const { confusions } = shippedLists();
    expect(confusions.length).toBeGreaterThan(400);
    for (const entry of confusions) {
      expect(entry.right).not.toBe(entry.wrong);
      expect(entry.reason.length).toBeGreaterThan(2);
    }
  });

  it('finds Chinese typos, doubled characters, 的/地/得, names, order and banned wording', () => {
    const findings = proofer.proofStory(
      story(
        'zh-Hans',
        [
          '要再接再励，渐渐的推进工作，的的确确如此，这是是关键。',
          '市长陈立新、孙嘉禾、刘海鸥出席。北朝鲜代表团按装了设备。',
        ],
        {
          headline: '部份项目开工',
        },
      ),
    );
    const seen = findings.map((f) => `${f.field}:${f.rule}:${f.text}→${f.suggestion}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        'headline:zh-confusion:部份→部分',
        'body:zh-confusion:再接再励→再接再厉',
        'body:zh-de:的→地',
        'body:zh-doubled:是是→是',
        'body:name-title:市长陈立新→市委书记陈立新',
        'body:name-order:陈立新、孙嘉禾、刘海鸥→陈立新、刘海鸥、孙嘉禾',
        'body:sensitive:北朝鲜→朝鲜',
        'body:zh-confusion:按装→安装',
      ]),
    );
    // 的的确确 is right.
    expect(seen.some((s) => s.includes('的的'))).toBe(false);
    expect(findings.find((f) => f.rule === 'sensitive')?.blocking).toBe(true);
  });

  it('stays quiet on correct copy that contains a list entry across a word boundary', () => {
    expect(
      proofer.proofStory(story('zh-Hans', ['按装修标准施工，达到目的的手段，既使企业受益，又让群众满意。'])),
    ).toEqual([]);
  });

  it('checks numbers and dates story-wide: mixed forms, the dateline, the weekday', () => {
    const findings = proofer.proofStory(
      story('zh-Hans', ['他昨天（6日）表示，二零二一年增长百分之五十六，2022年增长12%。5月6日（星期一）开幕。'], {
        dateline: '新华社北京5月6日电',
      }),
      { date: '2026-05-07' },
    );
    const seen = findings.map((f) => `${f.rule}:${f.text}→${f.suggestion}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        'zh-date:昨天→今天',
        'zh-number:二零二一→2021',
        'zh-number:百分之五十六→56%',
        'zh-date:星期一→星期三',
      ]),
    );
  });

  it('accepts a quotation that runs on into the next paragraph, flags one never closed', () => {
    expect(proofer.proofStory(story('zh-Hans', ['他说：“第一段。', '“第二段。”']))).toEqual([]);
    const unclosed = proofer.proofStory(story('zh-Hans', ['他说：“第一段。', '第二段。']));
    expect(unclosed.map((f) => f.rule)).toEqual(['paired']);
  });

  it('finds English spelling, repeated words, house style and headline case', () => {
    const findings = proofer.proofStory(
      story('en', ['The the council voted to recieve 5 bids, up 3 per cent, and could of won.'], {
        headline: 'Council Votes to rebuild the bridge',
      }),
      { suggestSpelling: true },
    );
    const seen = findings.map((f) => `${f.rule}:${f.text}→${f.suggestion}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        'en-repeated:The the→The',
        'en-spelling:recieve→receive',
        'en-number:5→five',
        'en-style:per cent→percent',
        'en-style:could of→could have',
        'en-headline:Votes→votes',
      ]),
    );
  });

  it('re-proofs a story after one paragraph changed from its cache', () => {
    const paragraphs = Array.from({ length: 50 }, (_, i) => `第${i}段：部分工作已经完成。`);
    proofer.proofStory(story('zh-Hans', paragraphs));
    paragraphs[10] = '第10段：部份工作已经完成。';
    const findings = proofer.proofStory(story('zh-Hans', paragraphs));
    expect(findings.map((f) => [f.block, f.text])).toEqual([[10, '部份']]);
  });

  it('reaches precision ≥ 0.9 and recall ≥ 0.8 on the seeded corpus', () => {
    const report = measure(new Proofer(mergeLists(emptyHouseLists()), speller), speller);
    expect(report.seeded).toBeGreaterThan(200);
    expect(report.precision).toBeGreaterThanOrEqual(0.9);
    expect(report.recall).toBeGreaterThanOrEqual(0.8);
  });
});
