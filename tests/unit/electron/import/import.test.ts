import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AlignmentType,
  Document,
  HeadingLevel,
  ImageRun,
  InsertedTextRun,
  DeletedTextRun,
  Packer,
  Paragraph,
  TextRun,
} from 'docx';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library } from '../../../../electron/store/library';
import { commitImport, parseImportFile, styleMapFor } from '../../../../electron/import/import';
import { summariseImport } from '../../../../shared/import/text-page';
import { repoRoot, tempDir } from '../../../helpers/temp';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

/** A 2×2 PNG, built byte by byte so the test needs no image file. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000020000000208020000fdd49a730000001649444154789c62f8cfc0f01f0418fe33fc070300000000ffff0300e6180bf5c3c5a1a90000000049454e44ae426082',
  'hex',
);

async function wordFile(): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: '老厂房变身城市书房', style: 'kicker' }),
          new Paragraph({ text: '滨江图书馆今起免费开放', heading: HeadingLevel.TITLE }),
          new Paragraph({ text: '藏书四十万册', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: '本报记者 林小雨', style: 'byline' }),
          new Paragraph({ children: [new TextRun('本报讯 由一座老纺织厂改建而成的滨江图书馆今天开放。')] }),
          new Paragraph({ text: '夜间开放至二十二时', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({
            children: [
              new TextRun('工作日开放时间延长至晚上十点'),
              new InsertedTextRun({ text: '，周末全天开放', id: 1, author: '编辑', date: '2026-07-22T10:00:00Z' }),
              new DeletedTextRun({ text: '，周末休息', id: 2, author: '编辑', date: '2026-07-22T10:00:00Z' }),
              new TextRun('。'),
            ],
          }),
          new Paragraph({
            children: [new ImageRun({ type: 'png', data: PNG, transformation: { width: 40, height: 40 } })],
          }),
          new Paragraph({ text: '新馆阅览室（资料图）', style: 'Caption', alignment: AlignmentType.CENTER }),
        ],
      },
    ],
    styles: {
      paragraphStyles: [
        { id: 'kicker', name: '引题', basedOn: 'Normal', run: { size: 24 } },
        { id: 'byline', name: '署名', basedOn: 'Normal' },
        { id: 'Caption', name: 'Caption', basedOn: 'Normal' },
      ],
    },
  });
  return Packer.toBuffer(doc);
}

describe('importing files', () => {
  it('reads a Word file: headline group from styles, cross-heads, paragraphs, a photo with its caption, and warns of tracked changes', async () => {
    const parsed = await parseImportFile('library.docx', await wordFile());
    expect(parsed.stories).toHaveLength(1);
    const story = summariseImport(parsed.stories[0]!);
    expect(story).toMatchObject({
      kicker: '老厂房变身城市书房',
      headline: '滨江图书馆今起免费开放',
      subheadline: '藏书四十万册',
      byline: '林小雨',
      dateline: '本报讯',
    });
    expect(story.body).toEqual([
      { type: 'paragraph', text: '由一座老纺织厂改建而成的滨江图书馆今天开放。' },
      { type: 'crosshead', text: '夜间开放至二十二时' },
      { type: 'paragraph', text: '工作日开放时间延长至晚上十点，周末全天开放。' },
      { type: 'photo', text: '新馆阅览室（资料图）' },
    ]);
    expect(parsed.warnings.map((w) => w.message).join(' ')).toMatch(/tracked changes \(1 insertions, 1 deletions\)/);

    const { library } = await Library.open(join(dir, 'lib'));
    const [created] = await commitImport(library, {
      stories: [{ ...parsed.stories[0]!, section: '要闻', status: 'draft', source: 'library.docx' }],
    });
    const saved = await library.getStory(created!.id);
    expect(saved.headline).toBe('滨江图书馆今起免费开放');
    const photo = saved.body.content!.find((n) => n.type === 'photoFigure')!;
    expect(photo.attrs).toMatchObject({ caption: '新馆阅览室（资料图）' });
    expect(await readFile(join(dir, 'lib', 'assets', String(photo.attrs!.asset)))).toEqual(PNG);
    expect(saved.notes).toMatch(/Imported from library.docx/);
    expect((await library.listRevisions(saved.id))[0]).toMatchObject({ kind: 'import' });
  });

  it('reads page text in UTF-16 and in GB18030, and says when it guessed', async () => {
    const source = await readFile(join(repoRoot, '..', 'shared', 'samples', 'zh-page.txt'), 'utf8');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(source, 'utf16le')]);
    expect((await parseImportFile('page.txt', utf16)).stories).toHaveLength(3);
    const gb = Buffer.from([0xb1, 0xbe, 0xb1, 0xa8, 0xd1, 0xb6]); // 本报讯 in GB2312
    const parsed = await parseImportFile('old.txt', gb);
    expect(parsed.stories[0]!.parts.map((p) => p.raw).join('')).toBe('本报讯');
    expect(parsed.warnings[0]!.message).toMatch(/GB18030/);
  });

  it('reads Markdown and HTML, sanitised: no script survives, headings map to the headline group', async () => {
    const md = Buffer.from(
      '# Ferries to run every ten minutes\n\n## While the bridge is closed\n\nPORT HADLEY — Ferries will run **every ten minutes**.\n\n## Traders worried\n\nHalf of Saturday customers walk over the bridge.\n',
    );
    const fromMd = summariseImport((await parseImportFile('ferries.md', md)).stories[0]!);
    expect(fromMd).toMatchObject({
      headline: 'Ferries to run every ten minutes',
      subheadline: 'While the bridge is closed',
      dateline: 'PORT HADLEY',
    });
    expect(fromMd.body).toEqual([
      { type: 'paragraph', text: 'Ferries will run every ten minutes.' },
      { type: 'crosshead', text: 'Traders worried' },
      { type: 'paragraph', text: 'Half of Saturday customers walk over the bridge.' },
    ]);
    const html = Buffer.from(
      '<h1>头条</h1><script>alert(1)</script><p onclick="x()">本报讯 正文<img src="x" onerror="alert(2)"></p>',
    );
    const parsed = await parseImportFile('page.html', html);
    const all = JSON.stringify(parsed);
    expect(all).not.toMatch(/alert|onclick|onerror/);
    expect(summariseImport(parsed.stories[0]!)).toMatchObject({ headline: '头条', dateline: '本报讯' });
  });

  it('keeps bold, italic and web links from HTML and Markdown in the saved body, and drops script links', async () => {
    const md = Buffer.from(
      '# Ferries\n\nFerries will run **every ten minutes**, *the Authority* said ([timetable](https://example.org/ferries)).\n',
    );
    const html = Buffer.from(
      '<h1>渡轮</h1><p>本报讯 渡轮<b>每十分钟</b>一班，<a href="javascript:alert(1)">详情</a>。</p>',
    );
    const { library } = await Library.open(join(dir, 'lib'));
    const fromMd = (await parseImportFile('ferries.md', md)).stories[0]!;
    const fromHtml = (await parseImportFile('ferries.html', html)).stories[0]!;
    const created = await commitImport(library, {
      stories: [
        { ...fromMd, section: '', status: 'draft', source: 'ferries.md' },
        { ...fromHtml, section: '', status: 'draft', source: 'ferries.html' },
      ],
    });
    const en = await library.getStory(created[0]!.id);
    expect(en.body.content![0]!.content).toEqual([
      { type: 'text', text: 'Ferries will run ' },
      { type: 'text', text: 'every ten minutes', marks: [{ type: 'bold' }] },
      { type: 'text', text: ', ' },
      { type: 'text', text: 'the Authority', marks: [{ type: 'italic' }] },
      { type: 'text', text: ' said (' },
      { type: 'text', text: 'timetable', marks: [{ type: 'link', attrs: { href: 'https://example.org/ferries' } }] },
      { type: 'text', text: ').' },
    ]);
    const zh = await library.getStory(created[1]!.id);
    expect(zh.dateline).toBe('本报讯');
    expect(zh.body.content![0]!.content).toEqual([
      { type: 'text', text: '渡轮' },
      { type: 'text', text: '每十分钟', marks: [{ type: 'bold' }] },
      { type: 'text', text: '一班，详情。' },
    ]);
  });

  it('maps the newsroom’s own Word styles to story fields when told, and names unmapped styles', async () => {
    const doc = new Document({
      styles: { paragraphStyles: [{ id: 'npkicker', name: 'NP Kicker', basedOn: 'Normal' }] },
      sections: [
        {
          children: [
            new Paragraph({ text: 'Transport', style: 'npkicker' }),
            new Paragraph({ text: 'Bridge to close', heading: HeadingLevel.TITLE }),
            new Paragraph({ text: 'The bridge will close for six weekends.' }),
          ],
        },
      ],
    });
    const bytes = await Packer.toBuffer(doc);
    const plain = await parseImportFile('bridge.docx', bytes);
    expect(plain.warnings).toContainEqual(
      expect.objectContaining({ code: 'unknown-style', params: { style: 'NP Kicker' } }),
    );
    const mapped = await parseImportFile('bridge.docx', bytes, {
      styleMap: styleMapFor([{ style: 'NP Kicker', role: 'kicker' }]),
    });
    expect(summariseImport(mapped.stories[0]!)).toMatchObject({ kicker: 'Transport', headline: 'Bridge to close' });
    expect(mapped.warnings.filter((w) => w.code === 'unknown-style')).toEqual([]);
  });

  it('refuses an unsupported or broken file with a clear message', async () => {
    await expect(parseImportFile('photo.jpg', PNG)).rejects.toMatchObject({ code: 'unsupported' });
    await expect(parseImportFile('broken.docx', Buffer.from('not a zip'))).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/broken.docx is not a Word document/),
    });
    await expect(parseImportFile('empty.txt', Buffer.alloc(0))).rejects.toMatchObject({
      message: 'empty.txt is empty.',
    });
  });
});
