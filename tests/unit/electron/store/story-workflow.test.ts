import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Handlers, dispatch } from '../../../../electron/rpc/dispatch';
import { SESSION_GAP_MS } from '../../../../electron/store/history';
import { Library } from '../../../../electron/store/library';
import { Story } from '../../../../shared/model';
import type { DeskRole } from '../../../../shared/model/workflow';
import { snapshot, tempDir } from '../../../helpers/temp';
import { makeWorkspace } from '../rpc/workspace-fixture';

let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

const quiet = () => undefined;
const body = (text: string) => ({
  type: 'doc' as const,
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

/** The contract as any caller reaches it: one dispatch per call, the reply as it crosses the wire. */
async function contractOf(handlers: Handlers) {
  return async (method: string, input: unknown) => dispatch(handlers, method, input, quiet);
}

describe('the desk workflow, enforced by the service', () => {
  it('refuses a save that jumps a draft to approved, with the moves that are open, and writes nothing', async () => {
    const call = await contractOf((await makeWorkspace(dir)).handlers());
    const created = await call('createStory', { language: 'zh-Hans', headline: '港口吞吐量' });
    const story = (created as { ok: true; value: Story }).value;
    const libraryDir = join(dir, 'library');
    const before = await snapshot(libraryDir);

    const reply = await call('saveStory', {
      id: story.id,
      baseRevision: story.revision,
      changes: { status: 'approved', headline: '港口吞吐量增长' },
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const message = (reply as { ok: false; error: { message: string } }).error.message;
    expect(message).toContain('from draft to approved');
    expect(message).toContain('only to submitted or spiked');
    // Nothing of the refused save reached the disk: not the status, not the headline with it.
    expect(await snapshot(libraryDir)).toEqual(before);
  });

  it('takes the same story through every step in order, recording each move', async () => {
    const call = await contractOf((await makeWorkspace(dir)).handlers());
    let story = ((await call('createStory', { language: 'en', headline: 'Harbour' })) as { value: Story }).value;
    for (const status of ['submitted', 'edited', 'approved', 'edited', 'draft', 'spiked', 'draft'] as const) {
      const reply = await call('saveStory', { id: story.id, baseRevision: story.revision, changes: { status } });
      expect(reply, `to ${status}`).toMatchObject({ ok: true, value: { status } });
      story = (reply as { value: Story }).value;
    }
    const onDisk = Story.parse(JSON.parse(await readFile(join(dir, 'library', 'stories', `${story.id}.json`), 'utf8')));
    expect(onDisk.statusHistory.map((c) => c.status)).toEqual([
      'draft',
      'submitted',
      'edited',
      'approved',
      'edited',
      'draft',
      'spiked',
      'draft',
    ]);
  });

  it('brings a spiked story back only to where it was, never straight to approved', async () => {
    const call = await contractOf((await makeWorkspace(dir)).handlers());
    let story = ((await call('createStory', { language: 'en', headline: 'Ferries' })) as { value: Story }).value;
    for (const status of ['submitted', 'spiked'] as const) {
      story = (
        (await call('saveStory', { id: story.id, baseRevision: story.revision, changes: { status } })) as {
          value: Story;
        }
      ).value;
    }
    const jump = await call('saveStory', {
      id: story.id,
      baseRevision: story.revision,
      changes: { status: 'approved' },
    });
    expect(jump).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect((jump as { error: { message: string } }).error.message).toContain('only to submitted');
    const back = await call('saveStory', {
      id: story.id,
      baseRevision: story.revision,
      changes: { status: 'submitted' },
    });
    expect(back).toMatchObject({ ok: true, value: { status: 'submitted' } });
  });

  it('restores an old revision’s text without letting its status jump the workflow', async () => {
    const clock = { now: Date.parse('2026-07-22T10:00:00+08:00') };
    const { library } = await Library.open(join(dir, 'library'), { now: () => new Date(clock.now) });
    let story = await library.createStory({ language: 'zh-Hans', headline: '初稿' });
    const save = async (changes: Parameters<Library['saveStory']>[0]['changes']) => {
      clock.now += SESSION_GAP_MS * 2; // each save its own editing session, so its own snapshot
      story = await library.saveStory({ id: story.id, baseRevision: story.revision, changes });
    };
    await save({ headline: '初稿标题', body: body('草稿正文。') });
    const draftSnapshot = (await library.listRevisions(story.id))[0]!.snapshot;
    for (const status of ['submitted', 'approved'] as const) await save({ status });
    await save({ headline: '签发后的标题' });

    // The draft's text comes back; approved → draft is no step of the workflow, so the
    // snapshot's status does not come with it.
    const restored = await library.restoreRevision(story.id, draftSnapshot, story.revision);
    expect(restored.headline).toBe('初稿标题');
    expect(restored.status).not.toBe('draft');
    expect(restored.statusHistory.slice(1).map((c) => c.status)).not.toContain('draft');
  });
});

describe('who may take a step (roles, ready for a desk with several users)', () => {
  async function libraryAs(role: DeskRole) {
    return (await Library.open(join(dir, 'library'), { role: () => role, author: () => role })).library;
  }

  it('lets an editor edit and send back, but not sign off, and says why', async () => {
    const library = await libraryAs('editor');
    let story = await library.createStory({ language: 'zh-Hans', headline: '记者稿' });
    story = await library.saveStory({ id: story.id, baseRevision: story.revision, changes: { status: 'submitted' } });
    story = await library.saveStory({ id: story.id, baseRevision: story.revision, changes: { status: 'edited' } });
    await expect(
      library.saveStory({ id: story.id, baseRevision: story.revision, changes: { status: 'approved' } }),
    ).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('"approve" is not open to the editor'),
    });
    expect((await library.getStory(story.id)).status).toBe('edited');
  });

  it('refuses a reporter a story that starts signed off, on create and on import', async () => {
    const library = await libraryAs('reporter');
    await expect(library.importStory({ language: 'en', headline: 'Wire', status: 'approved' })).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('cannot start a story as approved'),
    });
    const filed = await library.importStory({ language: 'en', headline: 'Wire', status: 'submitted' });
    expect(filed.status).toBe('submitted');
  });

  it('gives today’s single-user desk every step, as before roles', async () => {
    const { library } = await Library.open(join(dir, 'library'));
    const imported = await library.importStory({ language: 'en', headline: 'Signed off', status: 'approved' });
    const reopened = await library.saveStory({ id: imported.id, baseRevision: 1, changes: { status: 'edited' } });
    expect(reopened.status).toBe('edited');
  });
});
