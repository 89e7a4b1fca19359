import { access, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { STORY_TEXT_FIELDS } from '../../../shared/newsroom/protocol';
import { writeFileDurably } from '../../store/durable-file';

/**
 * What the live editor (collab-relay.ts) edits through the story's Yjs document rather than
 * through JSON saves: every text field, the tags and the body. Status, section, lengths and
 * the fit block keep the library's save path.
 */
export const LIVE_TEXT_FIELDS = STORY_TEXT_FIELDS;

/**
 * A story whose Yjs state (stories/<id>.ystate) holds live edits its JSON file does not have
 * yet is marked by an empty file `newsroom/live/<id>`, written durably before the first such
 * edit is acknowledged and removed once the JSON caught up. Opening the sync after a crash,
 * a marked story's file is written from its document, never the document from its file.
 */
const markerPath = (libraryRoot: string, storyId: string): string => join(libraryRoot, 'newsroom', 'live', storyId);

export async function markLiveEditsAhead(libraryRoot: string, storyId: string): Promise<void> {
  await mkdir(join(libraryRoot, 'newsroom', 'live'), { recursive: true });
  await writeFileDurably(markerPath(libraryRoot, storyId), '');
}

export const clearLiveEditsAhead = (libraryRoot: string, storyId: string): Promise<void> =>
  rm(markerPath(libraryRoot, storyId), { force: true });

export const liveEditsAhead = (libraryRoot: string, storyId: string): Promise<boolean> =>
  access(markerPath(libraryRoot, storyId)).then(
    () => true,
    () => false,
  );
