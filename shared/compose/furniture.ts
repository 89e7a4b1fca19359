import { MM_PER_PT, placementRect, templateMetrics } from '../layout/grid';
import { pageNumberAt } from '../layout/jumps';
import type { Edition, Page, PageTemplate } from '../model/edition';
import type { EditionComposer } from './compose-edition';
import { familiesFor } from './compose-edition';
import type { ComposedBlock, RuleLine } from './types';

/**
 * What a page carries besides its stories: the folio over an inside page; on a front page
 * (a template with a masthead) the masthead area — the paper's name, the date with its
 * weekday (and lunar date), the issue number (期) and the 报眼 box — and rules between stories.
 */

const DIGITS = '一二三四五六七八九十';

/** A lunar day as printed: 初一 … 初十, 十一 … 十九, 二十, 廿一 … 廿九, 三十. */
export function lunarDay(day: number): string {
  if (day <= 10) return `初${DIGITS[day - 1]}`;
  if (day < 20) return `十${DIGITS[day - 11]}`;
  if (day === 20) return '二十';
  if (day < 30) return `廿${DIGITS[day - 21]}`;
  return '三十';
}

const dateParts = (date: string, zh: boolean, lunar: boolean) => {
  const d = new Date(`${date}T00:00:00Z`);
  const locale = zh ? 'zh-CN' : 'en-GB';
  const day = new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(d);
  const weekday = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'long' }).format(d);
  let lunarText = '';
  if (lunar && zh) {
    try {
      const parts = new Intl.DateTimeFormat('zh-CN-u-ca-chinese', {
        timeZone: 'UTC',
        month: 'long',
        day: 'numeric',
      }).formatToParts(d);
      const month = parts.find((p) => p.type === 'month')?.value ?? '';
      const dayNumber = Number(parts.find((p) => p.type === 'day')?.value);
      lunarText = month && dayNumber ? `农历${month}${lunarDay(dayNumber)}` : '';
    } catch {
      lunarText = '';
    }
  }
  return { day, weekday, lunarText };
};

export function composeFurniture(
  composer: EditionComposer,
  edition: Edition,
  page: Page,
  index: number,
  template: PageTemplate,
): ComposedBlock {
  const block: ComposedBlock = { placementId: `furniture-${page.id}`, lines: [], images: [], frames: [], rules: [] };
  const m = templateMetrics(template);
  const zh = m.script === 'cjk';
  const families = familiesFor(template, zh ? 'zh-Hans' : 'en');
  const sans = composer.face({ family: families.sans });
  const sansBold = composer.face({ family: families.sans, bold: true });
  const left = template.margins.leftMm;
  const width = m.typeWidthMm;
  const number = pageNumberAt(index);
  const { day, weekday, lunarText } = dateParts(edition.date, zh, Boolean(template.masthead?.lunarDate));

  if (template.masthead && index === 0) {
    const areaTop = Math.min(12, template.margins.topMm * 0.15);
    const areaBottom = template.margins.topMm - 5;
    const areaHeight = areaBottom - areaTop;
    const earWidth = Math.min(width * 0.3, 110);
    const name = template.masthead.nameText?.trim() || edition.publication;
    const serifBold = composer.face({ family: families.serif, bold: true });
    // The name as large as the area allows beside the 报眼.
    const nameRoom = width - earWidth - 10;
    const byHeight = (areaHeight * 0.62) / MM_PER_PT;
    const byWidth = nameRoom / Math.max(1, serifBold.measure(name)) / MM_PER_PT;
    const namePt = Math.floor(Math.min(byHeight, byWidth));
    const nameBaseline = areaTop + namePt * MM_PER_PT * 0.9;
    const nameLine = composer.singleLine(name, serifBold, namePt, 'masthead', left, nameBaseline, nameRoom, 'left');
    const artwork = template.masthead.artwork;
    if (artwork?.asset) {
      // The artwork in the name's room above the date line, as large as its proportions allow,
      // from the left like the set name; the set name is kept for when the file will not draw.
      const roomHeight = Math.max(1, areaBottom - 3 - 10.5 * MM_PER_PT - 2 - areaTop);
      const scale = Math.min(nameRoom / artwork.width, roomHeight / artwork.height);
      const artHeight = artwork.height * scale;
      block.artwork = {
        assetId: artwork.asset,
        x: left,
        y: areaTop + (roomHeight - artHeight) / 2,
        width: artwork.width * scale,
        height: artHeight,
        fallback: [nameLine],
      };
    } else block.lines.push(nameLine);
    const issue = zh ? `第${edition.issueNumber}期` : `No. ${edition.issueNumber}`;
    const infoPt = 10.5;
    const showWeekday = template.masthead.weekday !== false;
    const info = [day, showWeekday ? weekday : '', lunarText, issue].filter(Boolean).join(zh ? '　' : ' · ');
    block.lines.push(composer.singleLine(info, sans, infoPt, 'masthead', left, areaBottom - 3, nameRoom, 'left'));
    // 报眼: the edition's own text, or an index of the other pages.
    const earX = left + width - earWidth;
    block.frames.push({ x: earX, y: areaTop, width: earWidth, height: areaHeight - 1, weightPt: 1 });
    const earTitle = zh ? '今日导读' : 'Inside';
    block.lines.push(composer.singleLine(earTitle, sansBold, 12, 'masthead', earX, areaTop + 8, earWidth, 'center'));
    const entries = edition.ear?.trim()
      ? edition.ear
          .split(/\n/)
          .map((l) => l.trim())
          .filter(Boolean)
      : edition.pages
          .slice(1)
          .map((p, i) => `${zh ? `第${i + 2}版` : `Page ${i + 2}`}${zh ? '　' : ' '}${p.section}`)
          .filter((l) => l.trim());
    const entryPt = 9;
    const room = Math.floor((areaHeight - 13) / (entryPt * MM_PER_PT * 1.5));
    entries.slice(0, Math.max(0, room)).forEach((entry, i) => {
      block.lines.push(
        composer.singleLine(
          entry,
          sans,
          entryPt,
          'masthead',
          earX + 4,
          areaTop + 15 + i * entryPt * MM_PER_PT * 1.5,
          earWidth - 8,
          'left',
        ),
      );
    });
    const ruleY = template.margins.topMm - 3;
    block.rules!.push({ x1: left, y1: ruleY, x2: left + width, y2: ruleY, weightPt: 2.5 });
    block.rules!.push({ x1: left, y1: ruleY + 1.3, x2: left + width, y2: ruleY + 1.3, weightPt: 0.5 });
    return block;
  }

  // The folio: page number on the outer edge (right on odd pages), section, paper, date.
  const baseline = template.margins.topMm - 4.5;
  const pageText = zh ? `第${number}版` : `Page ${number}`;
  const odd = number % 2 === 1;
  const pageLine = composer.singleLine(pageText, sansBold, 11, 'folio', left, baseline, width, odd ? 'right' : 'left');
  const sectionFace = sansBold;
  const sectionWidth = sectionFace.measure(page.section) * 10 * MM_PER_PT;
  const pageWidth = pageLine.runs[0]!.width;
  const sectionX = odd ? left + width - pageWidth - 6 - sectionWidth : left + pageWidth + 6;
  block.lines.push(pageLine);
  if (page.section.trim())
    block.lines.push(
      composer.singleLine(page.section, sectionFace, 10, 'folio', sectionX, baseline, sectionWidth, 'left'),
    );
  block.lines.push(composer.singleLine(edition.publication, sans, 8, 'folio', left, baseline, width, 'center'));
  block.lines.push(
    composer.singleLine(
      `${day}${zh ? '　' : ' '}${weekday}`,
      sans,
      8,
      'folio',
      left,
      baseline,
      width,
      odd ? 'left' : 'right',
    ),
  );
  const ruleY = template.margins.topMm - 2.5;
  block.rules!.push({ x1: left, y1: ruleY, x2: left + width, y2: ruleY, weightPt: 0.6 });
  return block;
}

/**
 * 栏线: a thin rule in the gutter between side-by-side blocks, and between stacked ones — plain,
 * or a 花线 when the template says so (rules.ts draws it), at the template's weight.
 */
export function storyRules(template: PageTemplate, page: Page): RuleLine[] {
  const rules: RuleLine[] = [];
  const weightPt = template.ruleWeightPt ?? 0.5;
  const style = template.ruleStyle && template.ruleStyle !== 'plain' ? { style: template.ruleStyle } : {};
  for (const a of page.placements)
    for (const b of page.placements) {
      if (a === b) continue;
      const ra = placementRect(template, a);
      const rb = placementRect(template, b);
      if (b.column === a.column + a.span) {
        const top = Math.max(ra.topMm, rb.topMm);
        const bottom = Math.min(ra.topMm + ra.heightMm, rb.topMm + rb.heightMm);
        if (bottom - top > 1) {
          const x = ra.leftMm + ra.widthMm + template.gutterMm / 2;
          rules.push({ x1: x, y1: top, x2: x, y2: bottom, weightPt, ...style });
        }
      }
      if (b.line === a.line + a.lines) {
        const l = Math.max(ra.leftMm, rb.leftMm);
        const r = Math.min(ra.leftMm + ra.widthMm, rb.leftMm + rb.widthMm);
        if (r - l > 1) rules.push({ x1: l, y1: rb.topMm, x2: r, y2: rb.topMm, weightPt, ...style });
      }
    }
  return rules;
}
