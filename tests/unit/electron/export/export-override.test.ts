import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Workspace } from '../../../../electron/rpc/workspace';
import type { ExportManifest } from '../../../../electron/export/export-edition';
import { readEditionLog } from '../../../../electron/store/edition-log';
import { tempDir } from '../../../helpers/temp';
import { makeWorkspace } from '../rpc/workspace-fixture';

let dir: string;
let cleanup: () => Promise<void>;
let workspace: Workspace;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('masthead-export-override-'));
  workspace = await makeWorkspace(dir);
});
afterEach(async () => {
  await workspace.close();
  await cleanup();
});

async function finished(jobId: string) {
  for (;;) {
    const status = await workspace.handlers().getExportStatus({ jobId });
    if (status.done) return status;
    await new Promise((r) => setTimeout(r, 100));
  }
}

it(
  'an export the desk chief confirms over blocking problems records them, and who, in the manifest and the edition history',
  { timeout: 60_000 },
  async () => {
    const handlers = workspace.handlers();
    await handlers.updateSettings({ authorName: '王主任' });
    const problems = [
      {
        code: 'not-approved',
        pageNumber: 1,
        subject: '滨江图书馆今起免费开放',
        description: '已排版但未签发（状态：已编辑）',
      },
    ];
    const { jobId } = await handlers.startExport({
      editionId: 'sample-edition-2026-07-23',
      formats: ['txt'],
      overriddenProblems: problems,
    });
    const status = await finished(jobId);
    expect(status.formats[0]?.state).toBe('done');
    const manifest = JSON.parse(await readFile(join(status.folder!, 'manifest.json'), 'utf8')) as ExportManifest;
    expect(manifest.preflightOverride).toEqual({ by: '王主任', problems });

    const log = await readEditionLog(join(dir, 'library'), 'sample-edition-2026-07-23');
    expect(log).toEqual([
      expect.objectContaining({ kind: 'export-over-preflight', by: '王主任', problems, folder: expect.any(String) }),
    ]);
    expect(status.folder!.endsWith(log[0]!.folder)).toBe(true);
  },
);

it('an export with nothing to override leaves the manifest and the edition history without one', async () => {
  const handlers = workspace.handlers();
  const { jobId } = await handlers.startExport({ editionId: 'sample-edition-2026-07-23', formats: ['txt'] });
  const status = await finished(jobId);
  const manifest = JSON.parse(await readFile(join(status.folder!, 'manifest.json'), 'utf8')) as ExportManifest;
  expect(manifest).not.toHaveProperty('preflightOverride');
  expect(await readEditionLog(join(dir, 'library'), 'sample-edition-2026-07-23')).toEqual([]);
});
