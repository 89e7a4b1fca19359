import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures';

test.describe('exporting an edition', () => {
  test('exports the sample edition from the flatplan with progress, validation and a summary', async ({
    app,
    host,
  }) => {
    await app.goto(`${host.url}#/edition/sample-edition-2026-07-23`);
    // The sample edition is ready for export; a story taken back to edited (as the desk would,
    // through the host's API) blocks it until the desk chief confirms exporting over it.
    const riverside = await host.readStory('sample-zh-riverside-library');
    const reopened = await app.evaluate(
      async ({ id, revision }) => {
        const response = await fetch('/api/library:save-story', {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-masthead-token': sessionStorage.getItem('masthead.webToken') ?? '',
          },
          body: JSON.stringify({ input: { id, baseRevision: revision, changes: { status: 'edited' } } }),
        });
        return response.status;
      },
      { id: riverside.id as string, revision: riverside.revision as number },
    );
    expect(reopened).toBe(200);
    await app.getByRole('button', { name: '导出本期…' }).click();
    const dialog = app.getByRole('dialog', { name: '导出本期' });
    // Four formats (EPUB through EPUBCheck, under this host's Chinese locale): uncheck the rest.
    for (const name of ['PDF', 'HTML', 'Word（DOCX）']) await dialog.getByRole('checkbox', { name }).uncheck();
    const blocking = dialog.getByRole('region', { name: '预检：1 个问题阻止导出' });
    await expect(blocking).toContainText('滨江图书馆今起免费开放');
    await expect(blocking.getByRole('listitem').filter({ hasText: '未签发' })).toHaveCount(1);
    const listed = await blocking.getByRole('listitem').count();
    const start = dialog.getByRole('button', { name: '照样导出' });
    await expect(start).toBeDisabled();
    await blocking.getByRole('checkbox', { name: '我是值班主任：忽略这些问题，照样导出' }).check();
    await app.screenshot({ path: test.info().outputPath('export-over-preflight.png') });
    await start.click();
    await expect(dialog).toContainText('已导出并校验 4 种格式。', { timeout: 60_000 });
    await expect(dialog).toContainText('经 ajv ninjs 3.1 schema 校验');
    await expect(dialog).toContainText('经 xmllint NewsML-G2 2.35 XSD 校验');
    await expect(dialog).toContainText(/经 epubcheck [\d.]+ 校验/);

    // On disk: one folder with the three formats and a manifest that lists them as validated.
    const exportsDir = join(host.libraryDir, 'exports');
    const [folder] = await readdir(exportsDir);
    expect((await readdir(join(exportsDir, folder!))).sort()).toEqual([
      'epub',
      'manifest.json',
      'newsml',
      'ninjs',
      'txt',
    ]);
    const manifest = JSON.parse(await readFile(join(exportsDir, folder!, 'manifest.json'), 'utf8')) as {
      formats: Record<string, { ok: boolean; files: { path: string; sha256: string }[] }>;
      preflightOverride: { by: string; problems: { code: string; pageNumber: number }[] };
    };
    expect(manifest.preflightOverride.problems).toHaveLength(listed);
    expect(
      manifest.preflightOverride.problems.filter((p) => p.code === 'not-approved').map((p) => p.pageNumber),
    ).toEqual([1]);
    // The edition's history keeps it too, with the export's folder.
    const history = JSON.parse(
      await readFile(join(host.libraryDir, 'history', 'editions', 'sample-edition-2026-07-23.json'), 'utf8'),
    ) as { events: { kind: string; folder: string; problems: unknown[] }[] };
    expect(history.events).toEqual([
      expect.objectContaining({
        kind: 'export-over-preflight',
        folder: folder!,
        problems: manifest.preflightOverride.problems,
      }),
    ]);
    expect(Object.keys(manifest.formats)).toEqual(['epub', 'ninjs', 'newsml', 'txt']);
    for (const format of Object.values(manifest.formats)) expect(format.ok).toBe(true);
    const text = await readFile(join(exportsDir, folder!, 'txt', 'edition.txt'), 'utf8');
    expect(text).toContain('滨江图书馆今起免费开放');
    await expect(dialog).toContainText(folder!);
  });
});
