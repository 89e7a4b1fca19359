import type { StoryLanguage } from '../model/common';
import type { Tag, TagKind } from '../model/story';

/**
 * Tag suggestions from the story text, for the editor to accept or dismiss:
 * - names after titles (市委书记陈立新, 市长周明远, 记者林小雨; "Mayor Jane Smith");
 * - organisations by their endings (…公司, …集团, …交易所, …委员会; "… Authority", "… Council");
 * - tags the library already uses that the text mentions;
 * - frequent proper nouns (capitalised runs in English, repeated Han words in Chinese).
 */

export interface TagSuggestion extends Tag {
  reason: 'title' | 'suffix' | 'known' | 'frequent';
  /** How often the name occurs in the text. */
  count: number;
}

export interface KnownTag extends Tag {
  count: number;
}

const ZH_TITLES = [
  '市委书记',
  '省委书记',
  '区委书记',
  '县委书记',
  '党委书记',
  '书记',
  '副市长',
  '市长',
  '副省长',
  '省长',
  '区长',
  '县长',
  '主席',
  '副主席',
  '总理',
  '部长',
  '局长',
  '厅长',
  '主任',
  '院长',
  '校长',
  '董事长',
  '总经理',
  '总裁',
  '首席执行官',
  '教授',
  '研究员',
  '负责人',
  '发言人',
  '记者',
  '通讯员',
  '主持人',
  '队长',
  '会长',
  '秘书长',
  '委员',
];
const ZH_ORG_SUFFIXES = [
  '有限责任公司',
  '股份有限公司',
  '有限公司',
  '公司',
  '集团',
  '交易所',
  '委员会',
  '研究院',
  '研究所',
  '大学',
  '学院',
  '医院',
  '银行',
  '协会',
  '基金会',
  '管理局',
  '局',
  '法院',
  '检察院',
  '政府',
  '办公室',
];
/** The commoner Chinese surnames: a name after a title starts with one of these. */
const ZH_SURNAMES = new Set([
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝',
]);
const ZH_PLACE_SUFFIXES = ['省', '市', '区', '县', '镇', '乡', '街道', '村', '港', '湾', '岛'];
const EN_TITLES = [
  'Mayor',
  'President',
  'Minister',
  'Governor',
  'Senator',
  'Chief',
  'Director',
  'Professor',
  'Dr',
  'Mr',
  'Mrs',
  'Ms',
  'Judge',
  'Chairman',
  'Councillor',
  'Inspector',
  'Captain',
];
const EN_ORG_ENDINGS = [
  'Authority',
  'Council',
  'Company',
  'Corporation',
  'Group',
  'Bank',
  'University',
  'Ministry',
  'Department',
  'Agency',
  'Commission',
  'Association',
  'Institute',
  'Hospital',
  'Party',
  'Exchange',
  'Ltd',
  'Inc',
];
const EN_STOP = new Set([
  'The',
  'A',
  'An',
  'But',
  'And',
  'In',
  'On',
  'At',
  'It',
  'He',
  'She',
  'They',
  'We',
  'I',
  'This',
  'That',
  'When',
  'While',
  'After',
  'Before',
  'If',
  'As',
  'For',
  'From',
  'By',
  'With',
  'Half',
  'Every',
  'Some',
  'Traders',
  'Ferries',
  'Mondays',
  'Tuesdays',
  'Wednesdays',
  'Thursdays',
  'Fridays',
  'Saturdays',
  'Sundays',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]);

const HAN_RUN = /\p{Script=Han}+/gu;
const key = (kind: TagKind, name: string): string => `${kind}\u0000${name}`;

function countOccurrences(text: string, needle: string): number {
  if (!needle) return 0;
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** A Chinese personal name after a title: two or three Han characters (a few common compound surnames aside). */
function zhNamesAfterTitles(text: string, out: Map<string, TagSuggestion>): void {
  const titles = [...ZH_TITLES].sort((a, b) => b.length - a.length);
  const titleRe = new RegExp(`(${titles.join('|')})\\s?([\\p{Script=Han}]{2,3})`, 'gu');
  for (const match of text.matchAll(titleRe)) {
    let name = match[2]!;
    // Names are two or three characters; a third that starts a verb or particle is not part of it.
    if (name.length === 3 && /[在说指表强会出的了和与是昨今将到对为认介主参见]/u.test(name[2]!))
      name = name.slice(0, 2);
    if (/[的了在是和与]/u.test(name) || !ZH_SURNAMES.has(name[0]!)) continue;
    add(out, 'person', name, 'title', text);
  }
}

function zhOrganisations(text: string, out: Map<string, TagSuggestion>): void {
  const suffixes = [...ZH_ORG_SUFFIXES].sort((a, b) => b.length - a.length);
  const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
  for (const run of text.match(HAN_RUN) ?? []) {
    // Where words start, so 局 in 布局 is not taken for a bureau.
    const starts = new Set([...segmenter.segment(run)].map((s) => s.index));
    for (const suffix of suffixes) {
      let from = 0;
      for (let at = run.indexOf(suffix, from); at !== -1; at = run.indexOf(suffix, from)) {
        from = at + suffix.length;
        if (suffix.length === 1 && !starts.has(at)) continue;
        // Take the words before the suffix back to a likely start: at most 12 characters,
        // stopping at verbs and particles the segmenter separates out.
        const head = run.slice(Math.max(0, at - 12), at);
        const words = [...segmenter.segment(head)].map((s) => s.segment);
        let name = '';
        for (let i = words.length - 1; i >= 0; i--) {
          const w = words[i]!;
          if (
            /^[的了在是和与及等由向对从把被将为到、]$/u.test(w) ||
            /^(昨天|今天|上午|下午|记者|会上|获悉|表示|指出|支持|推动|参加|出席)$/u.test(w)
          )
            break;
          name = w + name;
        }
        if (name.length >= 2 && name.length <= 10 && name.length + suffix.length >= 4) {
          add(out, 'organisation', name + suffix, 'suffix', text);
        }
        if (suffix.length <= 2) break; // 公司 inside 有限公司 is the same organisation
      }
    }
  }
}

function zhPlaces(text: string, out: Map<string, TagSuggestion>): void {
  const re = new RegExp(
    `([\\p{Script=Han}]{2,4}?)(${ZH_PLACE_SUFFIXES.join('|')})(?=[^\\p{Script=Han}]|[委政的人])`,
    'gu',
  );
  for (const match of text.matchAll(re)) {
    const name = match[1]! + match[2]!;
    if (/^(全|本|该|各|我|城|都|地|上|下|社|小|新|老)/u.test(name)) continue;
    if (countOccurrences(text, name) >= 2) add(out, 'place', name, 'suffix', text);
  }
}

/** Han words of three or more characters that recur: 数字经济, 生活圈 — topics of the story. */
function zhFrequentWords(text: string, out: Map<string, TagSuggestion>): void {
  const counts = new Map<string, number>();
  const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
  for (const { segment, isWordLike } of segmenter.segment(text)) {
    if (isWordLike && segment.length >= 3 && /^\p{Script=Han}+$/u.test(segment)) {
      counts.set(segment, (counts.get(segment) ?? 0) + 1);
    }
  }
  for (const [word, n] of counts) if (n >= 3) add(out, 'topic', word, 'frequent', text);
}

function enNames(text: string, out: Map<string, TagSuggestion>): void {
  const cap = "[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?";
  const titleRe = new RegExp(`\\b(?:${EN_TITLES.join('|')})\\.?\\s+(${cap}(?:\\s+${cap}){0,2})`, 'g');
  for (const match of text.matchAll(titleRe)) add(out, 'person', match[1]!, 'title', text);
  const saidRe = new RegExp(`(${cap}\\s+${cap}),\\s+(?:who|the|a|an)\\b`, 'g');
  for (const match of text.matchAll(saidRe)) add(out, 'person', match[1]!, 'title', text);
  const orgRe = new RegExp(`\\b((?:the\\s+)?(?:${cap}\\s+){1,3}(?:${EN_ORG_ENDINGS.join('|')}))\\b`, 'g');
  for (const match of text.matchAll(orgRe)) {
    const name = match[1]!.replace(/^the\s+/i, '');
    add(out, 'organisation', name, 'suffix', text);
  }
  // Frequent capitalised runs that are not sentence starts.
  const runs = new Map<string, number>();
  for (const match of text.matchAll(new RegExp(`(?<=[a-z,;] )(${cap}(?:\\s+${cap})*)`, 'g'))) {
    const name = match[1]!;
    if (EN_STOP.has(name)) continue;
    runs.set(name, (runs.get(name) ?? 0) + 1);
  }
  for (const [name, n] of runs)
    if (n >= 2 && ![...out.values()].some((s) => s.name.includes(name))) add(out, 'keyword', name, 'frequent', text);
}

function add(
  out: Map<string, TagSuggestion>,
  kind: TagKind,
  name: string,
  reason: TagSuggestion['reason'],
  text: string,
): void {
  const trimmed = name.trim();
  if (trimmed.length < 2 || trimmed.length > 60) return;
  const k = key(kind, trimmed);
  if (!out.has(k)) out.set(k, { kind, name: trimmed, reason, count: countOccurrences(text, trimmed) });
}

const ANALYSED_CHARS = 12_000;

const REASON_RANK: Record<TagSuggestion['reason'], number> = { known: 0, title: 1, suffix: 2, frequent: 3 };

/**
 * Suggestions for a story's text, best first, leaving out tags the story already has.
 * `known` are the library's tags (from listTags): the ones the text mentions are suggested
 * with their existing kind, so the library's vocabulary stays consistent.
 */
export function suggestTags(
  text: string,
  language: StoryLanguage,
  existing: readonly Tag[],
  known: readonly KnownTag[] = [],
  limit = 12,
): TagSuggestion[] {
  const out = new Map<string, TagSuggestion>();
  for (const tag of known) {
    const n = countOccurrences(text, tag.name);
    if (n > 0 && tag.name.length >= 2) out.set(key(tag.kind, tag.name), { ...tag, reason: 'known', count: n });
  }
  // The heuristics read the first 12,000 characters: the people and bodies a story is about
  // are named early, and segmenting a 30,000-character story would cost ~70 ms per pass.
  const head = text.slice(0, ANALYSED_CHARS);
  if (language === 'zh-Hans' || /\p{Script=Han}/u.test(head)) {
    zhNamesAfterTitles(head, out);
    zhOrganisations(head, out);
    zhPlaces(head, out);
    zhFrequentWords(head, out);
  }
  if (language === 'en' || /[A-Za-z]{3,}/.test(head)) enNames(head, out);
  const have = new Set(existing.map((t) => t.name));
  const byName = new Map<string, TagSuggestion>();
  for (const s of out.values()) {
    if (have.has(s.name)) continue;
    const prior = byName.get(s.name);
    if (!prior || REASON_RANK[s.reason] < REASON_RANK[prior.reason]) byName.set(s.name, s);
  }
  // A name contained in a longer suggestion of the same kind (滨江数据 in 滨江数据交易所) goes.
  const list = [...byName.values()].filter(
    (s) =>
      ![...byName.values()].some(
        (o) => o !== s && o.kind === s.kind && o.name.includes(s.name) && o.reason !== 'frequent',
      ),
  );
  return list
    .sort((a, b) => REASON_RANK[a.reason] - REASON_RANK[b.reason] || b.count - a.count || a.name.localeCompare(b.name))
    .slice(0, limit);
}
