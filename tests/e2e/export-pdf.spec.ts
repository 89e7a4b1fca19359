import { execFileSync } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures';

/**
 * The PDF a desk exports from the export dialog is the print PDF written from the page
 * composer — the same exporter the desktop app runs in its main process (there is no
 * Chromium print page any more) — and a printing plant would take it: fonts embedded,
 * none of them Type 3, a TrimBox on every page, every headline in its text.
 */
test('exports the sample edition as a print PDF from the export dialog', async ({ app, host }) => {
  await app.goto(`${host.url}#/edition/sample-edition-2026-07-23`);
  await app.getByRole('button', { name: '导出本期…' }).click();
  const dialog = app.getByRole('dialog', { name: '导出本期' });
  for (const name of ['HTML', 'EPUB 3', 'ninjs 3.1', 'NewsML-G2', '纯文本', 'Word（DOCX）'])
    await dialog.getByRole('checkbox', { name }).uncheck();
  // A fresh sample edition passes preflight: no confirmation is asked for.
  await expect(dialog.getByRole('region', { name: /个问题阻止导出/ })).toHaveCount(0);
  await dialog.getByRole('button', { name: '开始导出' }).click();
  await expect(dialog).toContainText('已导出并校验 1 种格式。', { timeout: 60_000 });

  const exportsDir = join(host.libraryDir, 'exports');
  const [folder] = await readdir(exportsDir);
  const pdf = join(exportsDir, folder!, 'pdf', 'edition.pdf');
  const manifest = JSON.parse(await readFile(join(exportsDir, folder!, 'manifest.json'), 'utf8')) as {
    formats: Record<string, { ok: boolean }>;
    preflightOverride?: unknown;
  };
  expect(manifest.formats.pdf?.ok).toBe(true);
  expect(manifest).not.toHaveProperty('preflightOverride');

  const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  expect(fonts.length).toBeGreaterThan(1);
  expect(fonts.filter((line) => /Type 3/.test(line))).toEqual([]);
  // The "emb" column: every font embedded.
  expect(fonts.filter((line) => !/\byes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$/.test(line))).toEqual([]);
  const boxes = execFileSync('pdfinfo', ['-box', '-f', '1', '-l', '3', pdf], { encoding: 'utf8' });
  expect(boxes.match(/^Page\s+\d+ TrimBox:/gm)).toHaveLength(3);
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
  for (const headline of ['滨江图书馆今起免费开放', 'Harbour bridge to close'])
    expect(text.replace(/\s+/g, ' ')).toContain(headline);
});
