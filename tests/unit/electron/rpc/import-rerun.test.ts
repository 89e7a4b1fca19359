import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../../../electron/rpc/workspace';
import { repoRoot, tempDir } from '../../../helpers/temp';
import { makeWorkspace } from './workspace-fixture';

/**
 * Issue 13, item 8 through the contract: the preview learns from the service (which hashes
 * the bytes it receives) that a file was imported before, and the stories the app commits
 * are recorded against that hash, as the CLI's are.
 */
let dir: string;
let cleanup: () => Promise<void>;
let workspace: Workspace;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('masthead-import-rerun-'));
  workspace = await makeWorkspace(dir);
});
afterEach(async () => {
  await workspace.close();
  await cleanup();
});

describe('importing the same file again in the app', () => {
  it('says when and as which stories the file was imported before', async () => {
    const handlers = workspace.handlers();
    const data = (await readFile(join(repoRoot, '..', 'shared', 'samples', 'en-page.txt'))).toString('base64');
    const first = await handlers.parseImport({ name: 'en-page.txt', data });
    expect(first.importedBefore).toBeNull();
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
    const { created } = await handlers.commitImport({
      stories: first.stories.map((story) => ({
        ...story,
        section: '',
        status: 'draft' as const,
        source: 'en-page.txt',
        sourceSha256: first.sha256,
      })),
    });
    expect(created).toHaveLength(2);

    const again = await handlers.parseImport({ name: 'renamed.txt', data });
    expect(again.sha256).toBe(first.sha256);
    expect(again.importedBefore?.stories).toEqual(created);
    expect(Date.parse(again.importedBefore!.at)).not.toBeNaN();
    // Other bytes are new.
    const other = await handlers.parseImport({
      name: 'x.txt',
      data: Buffer.from('HEADLINE\n\nBody text.').toString('base64'),
    });
    expect(other.importedBefore).toBeNull();
  });
});
