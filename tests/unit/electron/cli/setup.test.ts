import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library } from '../../../../electron/store/library';
import { runMasthead as run } from '../../../helpers/cli';
import { tempDir } from '../../../helpers/temp';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('masthead-cli-setup-'));
});
afterEach(() => cleanup());

describe('masthead library init', () => {
  it('makes a library with the sample stories and edition, which the other commands then read', async () => {
    const root = join(dir, 'papers', 'library');
    const init = await run('library', 'init', '--library', root, '--sample');
    expect(init.code, init.err).toBe(0);
    expect(init.out).toMatch(/Made a new library in .*library with 4 sample stories and 1 edition/);
    const editions = await run('edition', 'list', '--library', root, '--json');
    expect(JSON.parse(editions.out).editions).toEqual([
      expect.objectContaining({ id: 'sample-edition-2026-07-23', pageCount: 3 }),
    ]);
    expect(JSON.parse((await run('library', 'list', '--library', root, '--json')).out).stories).toHaveLength(4);
  });

  it('makes an empty library in an empty folder', async () => {
    const init = await run('library', 'init', '--library', dir, '--json');
    expect(init.code, init.err).toBe(0);
    expect(JSON.parse(init.out)).toEqual({ library: dir, stories: 0, editions: 0 });
    expect((await Library.open(dir, { mustExist: true })).library.listStories()).toEqual([]);
  });

  it('refuses a folder holding other files, and a library that is already there, changing nothing', async () => {
    await writeFile(join(dir, 'budget.xlsx'), 'numbers');
    const other = await run('library', 'init', '--library', dir);
    expect(other.code).toBe(1);
    expect(other.err).toMatch(/holds other files \(budget\.xlsx\).*Nothing was changed/);
    expect(await readdir(dir)).toEqual(['budget.xlsx']);

    const root = join(dir, 'library');
    expect((await run('library', 'init', '--library', root)).code).toBe(0);
    const again = await run('library', 'init', '--library', root, '--sample');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already a Masthead library/);
    expect((await Library.open(root, { mustExist: true })).library.listStories()).toEqual([]);
  });
});

describe('no command but library init makes a library', () => {
  it('refuses a mistyped --library with the hint to run library init, creating nothing', async () => {
    const typo = join(dir, 'libary');
    const sample = join(dir, 'page.txt');
    await writeFile(sample, '本报讯 记者 林小雨\n\n标题\n\n正文第一段。\n');
    const commands: string[][] = [
      ['import', sample, '--library', typo],
      ['library', 'list', '--library', typo],
      ['edition', 'list', '--library', typo],
      ['edition', 'new', '--date', '2026-08-01', '--publication', 'Daily', '--library', typo],
      ['search', '港口', '--library', typo],
      ['backup', '--library', typo],
      ['check', '--edition', '2026-07-23', '--library', typo],
      ['export', '--edition', '2026-07-23', '--library', typo],
    ];
    for (const argv of commands) {
      const result = await run(...argv);
      expect(result.code, argv.join(' ')).toBe(1);
      expect(result.err, argv.join(' ')).toMatch(
        /There is no Masthead library in .*libary.*masthead library init --library/,
      );
      expect(existsSync(typo), argv.join(' ')).toBe(false);
    }
  });
});

describe('masthead edition new and template list', () => {
  let root: string;
  beforeEach(async () => {
    root = join(dir, 'library');
    await run('library', 'init', '--library', root, '--sample');
  });

  it('makes an edition with its sections and prints its id; the issue number follows the last one', async () => {
    const made = await run(
      'edition',
      'new',
      '--library',
      root,
      '--date',
      '2026-07-24',
      '--publication',
      '滨江日报 Binjiang Daily',
      '--pages',
      '3',
      '--template',
      'zh-tabloid',
      '--section',
      '要闻',
      '--section',
      '经济',
    );
    expect(made.code, made.err).toBe(0);
    const id = made.out.trim();
    const { library } = await Library.open(root, { mustExist: true });
    const edition = await library.getEdition(id);
    expect(edition.issueNumber).toBe(12875);
    expect(edition.pages.map((p) => [p.number, p.section, p.templateId])).toEqual([
      [1, '要闻', 'zh-tabloid'],
      [2, '经济', 'zh-tabloid'],
      [3, '', 'zh-tabloid'],
    ]);

    const json = await run(
      'edition',
      'new',
      '--library',
      root,
      '--date',
      '2026-07-25',
      '--publication',
      'River Post',
      '--issue',
      '7',
      '--json',
    );
    expect(JSON.parse(json.out)).toMatchObject({
      publication: 'River Post',
      date: '2026-07-25',
      issueNumber: 7,
      pageCount: 4,
    });
  });

  it('refuses a date that is not a date, an unknown template and missing options, making nothing', async () => {
    const badDate = await run('edition', 'new', '--library', root, '--date', '2026-02-30', '--publication', 'P');
    expect(badDate.code).toBe(1);
    expect(badDate.err).toMatch(/--date 2026-02-30 is not a date/);
    const words = await run('edition', 'new', '--library', root, '--date', 'tomorrow', '--publication', 'P');
    expect(words.err).toMatch(/--date tomorrow is not a date/);
    const template = await run(
      'edition',
      'new',
      '--library',
      root,
      '--date',
      '2026-08-01',
      '--publication',
      'P',
      '--template',
      'a3',
    );
    expect(template.code).toBe(1);
    expect(template.err).toMatch(
      /no page template a3: choose one of zh-broadsheet, zh-tabloid, en-broadsheet, en-tabloid, zh-broadsheet-front/,
    );
    expect((await run('edition', 'new', '--library', root, '--date', '2026-08-01')).code).toBe(2);
    expect(
      (await run('edition', 'new', '--library', root, '--date', '2026-08-01', '--publication', 'P', '--pages', '0'))
        .code,
    ).toBe(2);
    const { library } = await Library.open(root, { mustExist: true });
    expect(await library.listEditions()).toHaveLength(1);
  });

  it('lists the page templates, as a table and as JSON', async () => {
    const table = await run('template', 'list');
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/^zh-broadsheet\s+390×545\s+8\s+13\s+中文对开/m);
    const json = JSON.parse((await run('template', 'list', '--json')).out) as { templates: { id: string }[] };
    expect(json.templates.map((t) => t.id)).toEqual([
      'zh-broadsheet',
      'zh-tabloid',
      'en-broadsheet',
      'en-tabloid',
      'zh-broadsheet-front',
    ]);
  });

  it('makes an edition that check accepts once its pages have sections', { timeout: 60_000 }, async () => {
    const id = (
      await run(
        'edition',
        'new',
        '--library',
        root,
        '--date',
        '2026-08-01',
        '--publication',
        'P',
        '--pages',
        '2',
        '--section',
        'News',
        '--section',
        'Sport',
      )
    ).out.trim();
    const check = await run('check', '--library', root, '--edition', id);
    expect(check.out).toMatch(/Ready for export/);
    expect(check.code).toBe(0);
  });
});

it('an empty folder is not a library for the reading commands either', async () => {
  const empty = join(dir, 'empty');
  await mkdir(empty);
  const listed = await run('library', 'list', '--library', empty);
  expect(listed.code).toBe(1);
  expect(await readdir(empty)).toEqual([]);
});
