import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportContext } from '../../../../electron/export/context';
import { EPUB_FILE, epubExporter } from '../../../../electron/export/epub';
import { tempDir } from '../../../helpers/temp';
import { SAMPLE_EDITION, exportLibrary } from './export-fixture';

/**
 * Issue 13, bad input: one link with a space or a `"` in its URL failed the whole edition's
 * EPUB. Valid links are percent-encoded, invalid ones left out (their text kept) and reported.
 */
let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('masthead-epub-links-'));
});
afterEach(() => cleanup());

describe('links in the EPUB', () => {
  it(
    'are percent-encoded, or left out and reported, and the book still passes EPUBCheck',
    { timeout: 180_000 },
    async () => {
      const { library } = await exportLibrary(dir);
      const en = await library.getStory('sample-en-harbour-bridge');
      const linked = (text: string, href: string) => ({
        type: 'text',
        text,
        marks: [{ type: 'link', attrs: { href } }],
      });
      await library.saveStory({
        id: en.id,
        baseRevision: en.revision,
        changes: {
          body: {
            type: 'doc',
            content: [
              ...(en.body.content ?? []),
              {
                type: 'paragraph',
                content: [
                  linked('winter timetable', 'https://ferries.example.org/winter times?line="A"'),
                  { type: 'text', text: ' and ' },
                  linked('the harbour office', 'https://harbour office.example.org/'),
                ],
              },
            ],
          },
        },
      });
      const ctx = await exportContext(library, SAMPLE_EDITION, {
        appVersion: 't',
        now: () => new Date('2026-07-23T01:02:03Z'),
      });
      const out = join(dir, 'epub');
      await mkdir(out);
      await epubExporter.write(ctx, out, new AbortController().signal, () => undefined);
      const validation = await epubExporter.validate(ctx, out);
      expect(validation.ok, JSON.stringify(validation.problems)).toBe(true);
      expect(validation.problems.map((p) => p.message)).toContainEqual(
        expect.stringMatching(
          /link left out of “.*”: "https:\/\/harbour office\.example\.org\/" is not a web or mail address/,
        ),
      );

      const zip = await JSZip.loadAsync(await readFile(join(out, EPUB_FILE)));
      const pages = await Promise.all(
        Object.keys(zip.files)
          .filter((n) => n.endsWith('.xhtml'))
          .map((n) => zip.file(n)!.async('string')),
      );
      const all = pages.join('\n');
      expect(all).toContain('href="https://ferries.example.org/winter%20times?line=%22A%22"');
      expect(all).toContain('the harbour office');
      expect(all).not.toContain('harbour office.example.org');
    },
  );
});
