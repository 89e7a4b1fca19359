/**
 * A writer for the kill test: opens the library in argv[2] through the real Library and
 * saves stories in a loop until it is killed. After each save resolves it prints
 * `ack <id> <revision> <sha256 of headline>`, so the test knows what was acknowledged.
 * The first run creates the stories (`ready <ids…>`); later runs carry on from disk.
 */
import { createHash } from 'node:crypto';
import { Library } from '../../electron/store/library';

const STORIES = 4;
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

const root = process.argv[2];
if (!root) throw new Error('usage: kill-writer <library folder>');

const { library } = await Library.open(root);
let ids = library.listStories().map((s) => s.id);
while (ids.length < STORIES) {
  const story = await library.createStory({ language: 'en', headline: `story ${ids.length} #0` });
  process.stdout.write(`ack ${story.id} ${story.revision} ${sha(story.headline)}\n`);
  ids = [...ids, story.id];
}
process.stdout.write(`ready ${ids.join(' ')}\n`);

for (let n = 0; ; n++) {
  const id = ids[n % ids.length]!;
  const current = await library.getStory(id);
  const count = current.revision + 1;
  // The headline names the revision it belongs to, and the body grows with it, so a torn
  // mix of two versions cannot pass for either.
  const headline = `${current.headline.replace(/ #\d+$/, '')} #${count}`;
  const body = {
    type: 'doc' as const,
    content: [
      ...(current.body.content ?? []).slice(-40),
      { type: 'paragraph', content: [{ type: 'text', text: `revision ${count}: ${'字'.repeat(1 + (count % 50))}` }] },
    ],
  };
  const saved = await library.saveStory({ id, baseRevision: current.revision, changes: { headline, body } });
  process.stdout.write(`ack ${saved.id} ${saved.revision} ${sha(saved.headline)}\n`);
}
