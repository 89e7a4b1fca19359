import type { StoryLanguage } from '../model/common';
import type { Tag, TagKind } from '../model/story';

/**
 * Tag suggestions from the story text, for the editor to accept or dismiss.
 *
 * Chinese text is read as words cut by a dictionary segmenter (the core runs jieba; see
 * electron/text/word-segmenter.ts), so a name is only ever a whole word or two whole words —
 * never 李强第 out of 李强第一次, nor 结合青年大学 out of 结合青年大学习:
 * - people: words the dictionary takes for names (李强, 习近平), or a surname cut off as a word
 *   with the word after it (周 + 明远), when the text treats them as people: after a title
 *   (市长周明远, 记者何晓东 — the title is a word of its own and never part of the name), in a
 *   list with another person, before a verb of speech (陈立新指出), or more than once;
 * - organisations: whole words ending in an organisation word (…有限公司, …集团, …交易所, …委),
 *   with the proper nouns before them (滨江数据交易所), and the dictionary's organisation names;
 * - places: the dictionary's place words in a place's use (a county-level name, after 在/到/来,
 *   at the head of an organisation's name, joined to the next place word: 江北新区);
 * - topics: longer nouns that recur.
 * English, as proper-noun phrases: people after titles and roles ("Mayor Jane Smith", "library
 * director Samuel Ortiz"), before verbs of speech, and the second of a pair ("Paul Renner and
 * Alicia Ng"); organisations and places by their endings ("… Authority", "… Library", "… Road");
 * a dateline's place in capitals; frequent capitalised runs. In both languages, tags the library
 * already uses that the text mentions come first, and the byline's people are known people.
 */

export interface TagSuggestion extends Tag {
  /**
   * Why it is suggested: `title` a name after a title; `name` a name the dictionary knows, used as
   * one; `suffix` named like an organisation or place; `known` a tag of the library; `frequent` recurs.
   */
  reason: 'title' | 'name' | 'suffix' | 'known' | 'frequent';
  /** How often the name occurs in the text. */
  count: number;
}

export interface KnownTag extends Tag {
  count: number;
}

/**
 * A word of the text as a dictionary segmenter cut it: where it starts (UTF-16 offset) and its
 * part of speech in jieba's tag set (nr person, ns place, nt organisation, n noun, v verb, p
 * preposition, …), or `new` for a word the segmenter put together from context rather than from
 * its dictionary (an unlisted name: 何晓东, 江澜).
 */
export interface Word {
  text: string;
  pos: string;
  start: number;
}

/** The part of speech of a word the segmenter found outside its dictionary. */
export const NEW_WORD = 'new';

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
/** The commoner Chinese surnames: a name after a title starts with one of these. */
const ZH_SURNAMES = new Set([
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝',
]);
/** Titles that may stand as words of their own before a name, beside ZH_TITLES. */
const ZH_TITLE_WORDS = new Set([
  ...ZH_TITLES,
  '总书记',
  '国家主席',
  '总理',
  '副总理',
  '总统',
  '副总统',
  '首相',
  '外长',
  '大使',
  '委员长',
  '领导',
  '代表',
  '摄影',
  '实习生',
  '医生',
  '律师',
  '法官',
  '检察官',
  '警官',
  '民警',
  '村民',
  '市民',
  '居民',
  '家长',
]);
/** Longer words that end in a title (市委书记, 国务院总理 cut as one): they introduce a name too. */
const ZH_TITLE_ENDINGS = [
  '书记',
  '市长',
  '省长',
  '区长',
  '县长',
  '主席',
  '主任',
  '部长',
  '局长',
  '总理',
  '经理',
  '董事长',
  '记者',
  '院长',
  '校长',
];
/** Words after a name that show it is a person's: verbs of speech and of official acts. */
const ZH_PERSON_VERBS = new Set([
  ...'说称道问答讲笑'.split(''),
  '指出',
  '强调',
  '表示',
  '介绍',
  '认为',
  '透露',
  '坦言',
  '告诉',
  '说道',
  '回忆',
  '主持',
  '会见',
  '出席',
  '参加',
  '要求',
  '提出',
  '宣布',
  '发表',
  '签署',
  '调研',
  '考察',
  '视察',
  '会谈',
  '致辞',
  '讲话',
]);
/** Words after a surname that make a way of addressing someone, not a given name (周女士). */
const ZH_HONORIFICS = new Set([
  '女士',
  '先生',
  '老师',
  '同志',
  '师傅',
  '阿姨',
  '大爷',
  '大妈',
  '老人',
  '教授',
  '博士',
  '院士',
  '医生',
  '主任',
  '书记',
  '经理',
  '总',
  '某',
  '家',
  '阿姨',
  '叔叔',
  '奶奶',
  '爷爷',
  '大姐',
  '大哥',
]);
const ZH_COMPOUND_SURNAMES = [
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '令狐',
  '夏侯',
  '慕容',
  '尉迟',
  '长孙',
  '宇文',
  '司徒',
  '公孙',
  '端木',
  '南宫',
];
/** The tags of words the dictionary takes for people's names. */
const PERSON_POS = new Set(['nr', 'nrfg', 'nrt']);
/** A given name after a surname cut off on its own: nouns, adjectives, names, new words — no verbs or particles. */
const GIVEN_NAME_POS = /^(n|a|b|s|z|j|new|zg|ng)/;
/** Parts of speech of a surname cut off as a word of its own (周/nr, 刘/zg), unlike 和/c or 于/p. */
const LONE_SURNAME_POS = new Set(['nr', 'nrfg', 'zg', 'ng', NEW_WORD]);

/** Words ending an organisation's name, longest first; one-character ones only end a longer word (市教委, not 布局). */
const ZH_ORG_ENDINGS = [
  '有限责任公司',
  '股份有限公司',
  '有限公司',
  '委员会',
  '基金会',
  '联合会',
  '交易所',
  '研究院',
  '研究所',
  '检察院',
  '管理局',
  '办公室',
  '公司',
  '集团',
  '大学',
  '学院',
  '医院',
  '银行',
  '协会',
  '商会',
  '工会',
  '妇联',
  '法院',
  '政府',
  '局',
  '委',
];
/** Words that end like an organisation but name none in particular. */
const ZH_GENERIC_ORGS = new Set([
  '子公司',
  '分公司',
  '母公司',
  '总公司',
  '本公司',
  '该公司',
  '上市公司',
  '大公司',
  '小公司',
  '各大学',
  '大医院',
  '各委',
]);
/** How an organisation the dictionary knows ends (国务院, 共青团中央), unlike 国际航运/nt or 团组织/nt. */
const ZH_ORG_LAST_CHARS = new Set('院局委会部厅办所行司团校馆社署央厂队处府联');
/** What starts an organisation's name: a proper noun, or a level of government on its own (市水务局). */
const ORG_ANCHOR_POS = /^(ns|nt|nz|nr|j|s|new)/;
const ORG_ANCHOR_WORDS = new Set(['市', '省', '区', '县', '镇', '乡', '国', '中', '全国', '中国', '国家']);
/** What may stand inside an organisation's name before its ending: nouns, verbal nouns, abbreviations. */
const ORG_HEAD_POS = /^(n|vn|an|j|s|b|new)/;
const ORG_HEAD_MAX_WORDS = 5;
const ORG_MAX_CHARS = 24;

/** Endings of an administrative area's name. */
const ZH_PLACE_ENDINGS = /[省市区县州镇乡村旗盟]$/u;
/** Words the dictionary tags as places that name none in particular. */
const ZH_GENERIC_PLACES = new Set([
  '城市',
  '国家',
  '全国',
  '全市',
  '全省',
  '全区',
  '全县',
  '各地',
  '当地',
  '本地',
  '外地',
  '异地',
  '地方',
  '农村',
  '城乡',
  '城区',
  '市区',
  '郊区',
  '新区',
  '旧城区',
  '老城区',
  '新城区',
  '主城区',
  '中心城区',
  '开发区',
  '商业区',
  '居民区',
  '住宅区',
  '景区',
  '园区',
  '社区',
  '国内',
  '国外',
  '海外',
  '境内',
  '境外',
  '中外',
  '内地',
  '沿海',
  '内陆',
  '边境',
  '全球',
  '世界',
  '家乡',
  '故乡',
  '祖国',
  '各省',
  '各市',
  '各区',
  '本市',
  '该市',
  '我市',
  '我国',
  '我省',
  '我区',
]);
/** Words before a place: 在 / 到 / 来 / 赴 / 从 … (each cut as a word of its own). */
const ZH_LOCATIVES = new Set([
  ...'在到来赴从至往抵离回去于经'.split(''),
  '前往',
  '来到',
  '抵达',
  '位于',
  '访问',
  '途经',
]);
/** A preposition glued to the next word by the segmenter's guess (从市 in 从市发展改革委获悉). */
const GLUED_PREPOSITION = /^[从在向对据经由与和把被将为到给跟同于]/u;
/** An adverb or particle glued to the word before it (委将 in 发展改革委将出台). */
const GLUED_PARTICLE = /[将在的了是和与对把被向从也都就还又已]$/u;
/** Place nouns that finish the place word before them (江北 + 新区, 滨江 + 大桥), unlike 湖北 + 武汉. */
const ZH_PLACE_NOUNS = new Set([
  '新区',
  '新城',
  '大桥',
  '机场',
  '车站',
  '码头',
  '港',
  '港区',
  '湾',
  '岛',
  '广场',
  '公园',
  '大道',
  '路',
  '街',
  '开发区',
  '高新区',
  '自贸区',
  '保税区',
  '景区',
  '园区',
]);

/** Parts of speech of the nouns that make topics. */
const TOPIC_POS = /^(n|nz|vn|l|j)$/;

const HAN_WORD = /^\p{Script=Han}+$/u;
/** Spaces inside a line (记者 何晓东); a line break is not skipped: it ends a line, a head or a column. */
const INLINE_SPACE = /^[ \t\u00a0\u3000]+$/u;

const isHan = (w: Word | undefined): w is Word => w !== undefined && HAN_WORD.test(w.text);
const hasSurname = (name: string): boolean =>
  ZH_COMPOUND_SURNAMES.some((s) => name.startsWith(s) && name.length > s.length) || ZH_SURNAMES.has(name[0]!);
const isTitleWord = (w: Word | undefined): boolean =>
  w !== undefined &&
  isHan(w) &&
  (ZH_TITLE_WORDS.has(w.text) || (w.text.length >= 3 && ZH_TITLE_ENDINGS.some((t) => w.text.endsWith(t))));

/**
 * The words as the suggestions read them: a preposition the segmenter guessed into the next
 * word (从市) is cut off again, since it would otherwise start an organisation's name.
 */
function normaliseWords(words: readonly Word[]): Word[] {
  const out: Word[] = [];
  for (const w of words) {
    if (w.pos === NEW_WORD && w.text.length === 2 && isHan(w) && GLUED_PREPOSITION.test(w.text)) {
      out.push({ text: w.text[0]!, pos: 'p', start: w.start });
      out.push({ text: w.text[1]!, pos: 'n', start: w.start + 1 });
    } else if (w.pos === NEW_WORD && w.text.length === 2 && isHan(w) && GLUED_PARTICLE.test(w.text)) {
      out.push({ text: w.text[0]!, pos: 'ng', start: w.start });
      out.push({ text: w.text[1]!, pos: 'd', start: w.start + 1 });
    } else out.push(w);
  }
  return out;
}

/** The word before `i`, over spaces inside the line. */
function previousWord(words: readonly Word[], i: number): number {
  let j = i - 1;
  while (j >= 0 && INLINE_SPACE.test(words[j]!.text)) j--;
  return j;
}

/** The word from `i` on, over spaces inside the line. */
function nextWord(words: readonly Word[], i: number): number {
  let j = i;
  while (j < words.length && INLINE_SPACE.test(words[j]!.text)) j++;
  return j;
}

/** A person's name starting at word `i`, as whole words, and the index after it; or null. */
function nameAt(words: readonly Word[], i: number): { name: string; end: number; surname: boolean } | null {
  const w = words[i]!;
  if (!isHan(w)) return null;
  let name: string | null = null;
  let end = i + 1;
  if ((PERSON_POS.has(w.pos) || w.pos === NEW_WORD) && w.text.length >= 2 && w.text.length <= 4) {
    name = w.text;
  } else if (w.text.length === 1 && ZH_SURNAMES.has(w.text) && LONE_SURNAME_POS.has(w.pos)) {
    // A surname the segmenter cut off (周 + 明远, 刘 + 海鸥): the given name is the next word.
    const given = words[i + 1];
    if (isHan(given) && given.text.length <= 2 && GIVEN_NAME_POS.test(given.pos) && !ZH_HONORIFICS.has(given.text)) {
      name = w.text + given.text;
      end = i + 2;
    }
  }
  if (name === null) return null;
  const surname = hasSurname(name);
  // A whole word may start with a rarer surname (习近平, 杭迎伟): zhPeople then asks for more evidence.
  if (!surname && name !== w.text) return null;
  if (name.length === 4 && !ZH_COMPOUND_SURNAMES.some((s) => name.startsWith(s))) return null;
  if (ZH_TITLE_WORDS.has(name) || ZH_HONORIFICS.has(name) || ZH_HONORIFICS.has(name.slice(1))) return null;
  // The name goes on into a lone character (马克 + 龙 of 马克龙): rather none than half of it.
  const after = words[end];
  if (isHan(after) && after.text.length === 1 && /^(n|ng|nr|new)$/.test(after.pos)) return null;
  return { name, end, surname };
}

/**
 * People, as whole words. A name the dictionary or the segmenter offers counts as a person's
 * when the text uses it as one: after a title, in a list after another person (刘海鸥、孙嘉禾),
 * before a verb of speech (陈立新指出), or at least twice; `people` (the byline's names, the
 * library's person tags) are people wherever they stand.
 */
function zhPeople(
  words: readonly Word[],
  text: string,
  people: ReadonlySet<string>,
  out: Map<string, TagSuggestion>,
): void {
  let lastPersonEnd = -1;
  for (let i = 0; i < words.length; i++) {
    const found = nameAt(words, i);
    if (!found) continue;
    const before = previousWord(words, i);
    // 在白宫, 到白云: after a word of place, a place.
    if (ZH_LOCATIVES.has(words[before]?.text ?? '')) continue;
    // After a title, or after the organisation the person speaks for (…有限公司李晓梅).
    const afterTitle = isTitleWord(words[before]) || (isHan(words[before]) && orgEnding(words[before].text) !== null);
    // After another person and 、 (刘海鸥、孙嘉禾), or a space (记者 王希 刘开雄).
    const inList =
      (before >= 0 && /^[、和与及]$/u.test(words[before]!.text) && previousWord(words, before) === lastPersonEnd - 1) ||
      (before === lastPersonEnd - 1 && before < i - 1);
    let after = nextWord(words, found.end);
    if (words[after]?.text === '等') after = nextWord(words, after + 1);
    const speaks = ZH_PERSON_VERBS.has(words[after]?.text ?? '');
    const known = people.has(found.name);
    const recurs = countOccurrences(text, found.name) >= 2;
    // Without a common surname a name needs more than recurring (the dictionary tags 智慧 nr), and
    // one the dictionary does not list needs a title or the library's word for it (区长杭迎伟).
    const listed = PERSON_POS.has(words[i]!.pos);
    const strong = afterTitle || inList || speaks || known;
    const enough = found.surname ? strong || recurs : listed ? strong : afterTitle || known;
    if (!enough) continue;
    add(out, 'person', found.name, afterTitle ? 'title' : 'name', text);
    lastPersonEnd = found.end;
    i = found.end - 1;
  }
}

/** The organisation word that ends a word, if any: the longest of ZH_ORG_ENDINGS it ends with. */
function orgEnding(word: string): string | null {
  for (const ending of ZH_ORG_ENDINGS) {
    if (!word.endsWith(ending)) continue;
    // One-character endings only end a longer word (市教委, 水务局), or stand alone after a name.
    if (ending.length === 1 && word.length === 2) return null;
    return ending;
  }
  return null;
}

/**
 * Organisations, as whole words: a word ending in an organisation word, with the words before
 * it back to a proper noun or a level of government (滨江 + 数据 + 交易所, 市 + 水务局); a word
 * the dictionary knows as an organisation (国务院). Verbs, particles and punctuation stop the
 * name, so 结合青年大学习 gives none.
 */
function zhOrganisations(words: readonly Word[], text: string, out: Map<string, TagSuggestion>): string[] {
  const found: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!isHan(w)) continue;
    const ending = orgEnding(w.text);
    if (ending === null) {
      if (w.pos === 'nt' && w.text.length >= 3 && ZH_ORG_LAST_CHARS.has(w.text.at(-1)!)) {
        add(out, 'organisation', w.text, 'name', text);
        found.push(w.text);
      }
      continue;
    }
    // The longest run of name words before the ending that starts at an anchor.
    let name: string | null = w.text.length > ending.length ? w.text : null;
    let head = '';
    for (let j = i - 1; j >= 0 && i - j <= ORG_HEAD_MAX_WORDS; j--) {
      const h = words[j]!;
      if (!isHan(h) || !ORG_HEAD_POS.test(h.pos) || isTitleWord(h)) break;
      // Another organisation's ending stops the name, except a group's before its company form (…集团有限公司).
      if (orgEnding(h.text) === h.text && !ending.endsWith('公司')) break;
      head = h.text + head;
      if (head.length + w.text.length > ORG_MAX_CHARS) break;
      if (ORG_ANCHOR_POS.test(h.pos) || ORG_ANCHOR_WORDS.has(h.text)) name = head + w.text;
    }
    if (name === null || name.length < 3 || ZH_GENERIC_ORGS.has(name)) continue;
    add(out, 'organisation', name, 'suffix', text);
    found.push(name);
  }
  return found;
}

/**
 * Places, as whole words the dictionary tags as places, joined to a place word right after
 * them (江北 + 新区, 滨江 + 大桥), when the text uses them as places: an administrative area's
 * name (杭州市), after a word of motion or location (在北京), or at the head of an organisation
 * found in the text (滨江 of 滨江数据交易所). Generic words (城市, 全国) are not places.
 */
function zhPlaces(
  words: readonly Word[],
  text: string,
  organisations: readonly string[],
  out: Map<string, TagSuggestion>,
): void {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.pos !== 'ns' || !isHan(w)) continue;
    let name = w.text;
    const next = words[i + 1];
    const joined = isHan(next) && ZH_PLACE_NOUNS.has(next.text) && !ZH_PLACE_ENDINGS.test(name);
    if (joined) name += next.text;
    const located = ZH_LOCATIVES.has(words[previousWord(words, i)]?.text ?? '');
    if (joined) i++;
    if (name.length < 2 || ZH_GENERIC_PLACES.has(name)) continue;
    const area = name.length >= 3 && ZH_PLACE_ENDINGS.test(name);
    const heads = organisations.some((o) => o.startsWith(name) && o.length > name.length);
    if (area || joined || located || heads) add(out, 'place', name, area ? 'suffix' : 'name', text);
  }
}

/** Nouns of three or more characters that recur: 防汛防台, 基础设施 — what the story is about. */
function zhTopics(words: readonly Word[], text: string, out: Map<string, TagSuggestion>): void {
  const counts = new Map<string, number>();
  for (const w of words) {
    if (w.text.length >= 3 && isHan(w) && TOPIC_POS.test(w.pos) && !isTitleWord(w) && orgEnding(w.text) === null) {
      counts.set(w.text, (counts.get(w.text) ?? 0) + 1);
    }
  }
  for (const [word, n] of counts) if (n >= 3) add(out, 'topic', word, 'frequent', text);
}

/** Where words start and end, so a known tag is matched as whole words only (港务 not inside 港务集团's neighbour). */
function wordBoundaries(words: readonly Word[]): Set<number> {
  const at = new Set<number>();
  for (const w of words) {
    at.add(w.start);
    at.add(w.start + w.text.length);
  }
  return at;
}

/** Whether `needle` occurs in `text` starting and ending on word boundaries. */
function occursAsWords(text: string, needle: string, boundaries: ReadonlySet<number>): boolean {
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) {
    if (boundaries.has(i) && boundaries.has(i + needle.length)) return true;
  }
  return false;
}

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
  'Library',
  'Foundation',
  'Committee',
  'Board',
  'School',
  'College',
  'Museum',
  'Court',
  'Police',
  'Union',
  'Club',
  'Trust',
  'Society',
  'Federation',
  'Fund',
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

const key = (kind: TagKind, name: string): string => `${kind}\u0000${name}`;

function countOccurrences(text: string, needle: string): number {
  if (!needle) return 0;
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Role words written in lower case before a name ("library director Samuel Ortiz", "Council members Paul Renner"). */
const EN_ROLES = [
  'director',
  'members?',
  'spokes(?:man|woman|person)',
  'chair(?:man|woman)?',
  'president',
  'mayor',
  'governor',
  'coach',
  'manager',
  'officer',
  'minister',
  'secretary',
  'chief',
  'executive',
  'leader',
  'founder',
  'owner',
  'principal',
  'superintendent',
  'commissioner',
  'council(?:l)?ors?',
  'senator',
  'representative',
  'professor',
  'economist',
  'analyst',
  'resident',
];
/** Verbs that follow a person's name in reported speech. */
const EN_SPEECH = 'said|says|told|announced|added|explained|wrote|argued|noted|warned|insisted';
/** Endings of a place's name: streets, bridges, parks, waters, areas. */
const EN_PLACE_ENDINGS = [
  'Road',
  'Street',
  'Avenue',
  'Boulevard',
  'Lane',
  'Drive',
  'Bridge',
  'Park',
  'Square',
  'Harbor',
  'Harbour',
  'River',
  'Lake',
  'Bay',
  'County',
  'Island',
  'Valley',
  'Heights',
  'Airport',
  'Station',
];
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const titleCase = (caps: string): string => caps.toLowerCase().replace(/\b[a-z]/g, (c) => c.toUpperCase());

function enNames(text: string, people: ReadonlySet<string>, out: Map<string, TagSuggestion>): void {
  const cap = "[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?";
  const name = `${cap}(?:\\s+${cap}){1,2}`;
  const titleRe = new RegExp(`\\b(?:${EN_TITLES.join('|')})\\.?\\s+(${cap}(?:\\s+${cap}){0,2})`, 'g');
  for (const match of text.matchAll(titleRe)) add(out, 'person', match[1]!, 'title', text);
  // A role in lower case (library director Samuel Ortiz); capitalised, it starts the sentence or is a title above.
  const roleRe = new RegExp(`\\b(?:${EN_ROLES.join('|')})\\s+(${name})`, 'g');
  for (const match of text.matchAll(roleRe)) add(out, 'person', match[1]!, 'title', text);
  const saidRe = new RegExp(`(${cap}\\s+${cap}),\\s+(?:who|the|a|an)\\b`, 'g');
  for (const match of text.matchAll(saidRe)) add(out, 'person', match[1]!, 'title', text);
  const speechRe = new RegExp(`(${name})\\s+(?:${EN_SPEECH})\\b`, 'g');
  for (const match of text.matchAll(speechRe)) {
    // "Mayor Jane Okafor told": the title is not part of the name (found above without it).
    const words = match[1]!.split(/\s+/).filter((w, i) => i > 0 || !EN_TITLES.includes(w));
    // "The City Council said" is a body speaking, not a person.
    const body = [...EN_ORG_ENDINGS, ...EN_PLACE_ENDINGS].includes(words.at(-1)!);
    if (words.length >= 2 && !EN_STOP.has(words[0]!) && !body) add(out, 'person', words.join(' '), 'name', text);
  }
  // The people the byline and the library name, wherever the text names them.
  for (const person of people) {
    if (/^[A-Z]/.test(person) && new RegExp(`\\b${escapeRegExp(person)}\\b`).test(text))
      add(out, 'person', person, 'name', text);
  }
  // The second of two people named together: "Paul Renner and Alicia Ng".
  for (const found of [...out.values()].filter((s) => s.kind === 'person')) {
    const pairRe = new RegExp(`\\b${escapeRegExp(found.name)},?\\s+and\\s+(${name})`, 'g');
    for (const match of text.matchAll(pairRe)) add(out, 'person', match[1]!, found.reason, text);
  }
  const orgRe = new RegExp(`\\b((?:the\\s+)?(?:${cap}\\s+){1,3}(?:${EN_ORG_ENDINGS.join('|')}))\\b`, 'g');
  for (const match of text.matchAll(orgRe)) add(out, 'organisation', match[1]!.replace(/^the\s+/i, ''), 'suffix', text);
  const placeRe = new RegExp(`\\b((?:${cap}\\s+){1,3}(?:${EN_PLACE_ENDINGS.join('|')}))\\b`, 'g');
  for (const match of text.matchAll(placeRe)) {
    const place = match[1]!;
    if (!EN_STOP.has(place.split(/\s+/)[0]!)) add(out, 'place', place, 'suffix', text);
  }
  // A dateline's place, printed in capitals at a paragraph's start: "PORT HADLEY —".
  for (const match of text.matchAll(
    /^([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})(?:,\s*[A-Z][A-Za-z.]+)?\s+(?:—|–|--)\s/gm,
  )) {
    add(out, 'place', titleCase(match[1]!), 'suffix', text);
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

/**
 * How much of a story the suggestions read: the people and bodies a story is about are named
 * early, and segmenting a 30,000-character story on every pause in typing would cost more than
 * the suggestions are worth.
 */
export const ANALYSED_CHARS = 12_000;

/** The part of a story's text the suggestions read (and the segmenter cuts). */
export const analysedText = (text: string): string => text.slice(0, ANALYSED_CHARS);

/** Whether the text needs Chinese words for its suggestions. */
export const needsWords = (text: string, language: StoryLanguage): boolean =>
  language === 'zh-Hans' || /\p{Script=Han}/u.test(analysedText(text));

const REASON_RANK: Record<TagSuggestion['reason'], number> = { known: 0, title: 1, name: 2, suffix: 2, frequent: 3 };

export interface SuggestOptions {
  /**
   * The words of `analysedText(text)` as a dictionary segmenter cut them. Without them Chinese
   * text gets only the library's known tags: guessing names from characters glues them to the
   * next character (李强第).
   */
  words?: readonly Word[];
  /** Tags the story has: not suggested again. */
  existing?: readonly Tag[];
  /** The library's tags (from listTags): the ones the text mentions are suggested with their kind. */
  known?: readonly KnownTag[];
  /** Names the story itself gives for people (its byline's): people wherever the text names them. */
  people?: readonly string[];
  limit?: number;
}

/** Suggestions for a story's text, best first, leaving out tags the story already has. */
export function suggestTags(text: string, language: StoryLanguage, options: SuggestOptions = {}): TagSuggestion[] {
  const { existing = [], known = [], people = [], limit = 12 } = options;
  const head = analysedText(text);
  const words = normaliseWords(options.words ?? []);
  const boundaries = words.length > 0 ? wordBoundaries(words) : null;
  const out = new Map<string, TagSuggestion>();
  for (const tag of known) {
    const n = countOccurrences(text, tag.name);
    if (n === 0 || tag.name.length < 2) continue;
    // A known 港务 is not found inside 空港务工: Chinese tags match whole words only.
    const han = /\p{Script=Han}/u.test(tag.name);
    if (boundaries && han && head.includes(tag.name) && !occursAsWords(head, tag.name, boundaries)) continue;
    out.set(key(tag.kind, tag.name), { ...tag, reason: 'known', count: n });
  }
  if (needsWords(text, language) && words.length > 0) {
    const persons = new Set([...people, ...known.filter((t) => t.kind === 'person').map((t) => t.name)]);
    zhPeople(words, head, persons, out);
    const organisations = zhOrganisations(words, head, out);
    zhPlaces(words, head, organisations, out);
    zhTopics(words, head, out);
  }
  if (language === 'en' || /[A-Za-z]{3,}/.test(head)) {
    enNames(head, new Set([...people, ...known.filter((t) => t.kind === 'person').map((t) => t.name)]), out);
  }
  const have = new Set(existing.map((t) => t.name));
  const byName = new Map<string, TagSuggestion>();
  for (const s of out.values()) {
    if (have.has(s.name)) continue;
    const prior = byName.get(s.name);
    if (!prior || REASON_RANK[s.reason] < REASON_RANK[prior.reason]) byName.set(s.name, s);
  }
  // A name contained in a longer suggestion of the same kind (滨江水务集团 in 滨江水务集团有限公司) goes;
  // not a place's (滨江 is a city of its own beside 滨江大桥).
  const list = [...byName.values()].filter(
    (s) =>
      s.kind === 'place' ||
      ![...byName.values()].some(
        (o) => o !== s && o.kind === s.kind && o.name.includes(s.name) && o.reason !== 'frequent',
      ),
  );
  return list
    .sort((a, b) => REASON_RANK[a.reason] - REASON_RANK[b.reason] || b.count - a.count || a.name.localeCompare(b.name))
    .slice(0, limit);
}
