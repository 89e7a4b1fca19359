import type { StatusChange, StoryStatus } from '../model/story';
import { type DeskRole, checkStatusMove, mayStartAs } from '../model/workflow';
import type { DocumentRef } from './protocol';

/**
 * Who may edit what in the newsroom. The server decides with these functions for every
 * connection and every incoming change; the desktop uses them to show a story read-only
 * before the server would refuse it. Pure: the caller reads the document's state.
 *
 * - a reporter edits their own drafts and submitted stories;
 * - an editor edits any story that is not approved;
 * - the chief (and admin) edits everything, and alone approves, reopens and edits editions;
 * - the catalogue is written by the server only;
 * - every status move follows the shared workflow (shared/model/workflow.ts).
 */

export interface NewsroomActor {
  name: string;
  role: DeskRole;
}

export type Access = 'read-only' | 'writable';

/** What the permissions read from a story document; null fields where the document has none yet. */
export interface StoryGuardState {
  id: string | null;
  status: StoryStatus | null;
  createdBy: string | null;
  createdAt: string | null;
  statusHistory: readonly StatusChange[];
}

export const EMPTY_STORY_STATE: StoryGuardState = {
  id: null,
  status: null,
  createdBy: null,
  createdAt: null,
  statusHistory: [],
};

/** Whether the story document holds a story yet (a fresh one is being created by its writer). */
const isNew = (story: StoryGuardState): boolean => story.status === null && story.createdBy === null;

/** May this person write into this story as it is now? */
export function storyAccess(actor: NewsroomActor, story: StoryGuardState): Access {
  if (isNew(story)) return 'writable';
  switch (actor.role) {
    case 'chief':
    case 'admin':
      return 'writable';
    case 'editor':
      return story.status === 'approved' ? 'read-only' : 'writable';
    case 'reporter':
      return story.createdBy === actor.name && (story.status === 'draft' || story.status === 'submitted')
        ? 'writable'
        : 'read-only';
  }
}

/** May this person write into editions at all? */
export const editionAccess = (actor: NewsroomActor): Access =>
  actor.role === 'chief' || actor.role === 'admin' ? 'writable' : 'read-only';

/** Access to a document by its kind; a story's state is needed for stories. */
export function documentAccess(actor: NewsroomActor, ref: DocumentRef, story?: StoryGuardState): Access {
  switch (ref.kind) {
    case 'catalogue':
      return 'read-only';
    case 'edition':
      return editionAccess(actor);
    case 'story':
      return storyAccess(actor, story ?? EMPTY_STORY_STATE);
  }
}

export type ChangeVerdict = { ok: true } | { ok: false; reason: string };

const refuse = (reason: string): ChangeVerdict => ({ ok: false, reason });
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Whether a change that turns `before` into `after` may be made by this person: they must be
 * allowed to write the story as it was; its identity (id, creator, creation time) never
 * changes once set; a new story starts as its creator and in a status their role may start
 * in; a status move is a step of the workflow their role may take; the status history only
 * grows.
 */
export function checkStoryChange(actor: NewsroomActor, before: StoryGuardState, after: StoryGuardState): ChangeVerdict {
  if (storyAccess(actor, before) !== 'writable') {
    return refuse(`${actor.name} (${actor.role}) may not edit this story while it is ${before.status ?? 'new'}`);
  }
  for (const key of ['id', 'createdBy', 'createdAt'] as const) {
    if (before[key] !== null && after[key] !== before[key]) return refuse(`the story's ${key} may not change`);
  }
  if (
    before.createdBy === null &&
    after.createdBy !== null &&
    actor.role === 'reporter' &&
    after.createdBy !== actor.name
  ) {
    return refuse(`a reporter creates stories as themselves, not as ${after.createdBy}`);
  }
  if (after.status === null) {
    if (before.status !== null) return refuse('the story must keep a status');
  } else if (before.status === null) {
    if (!mayStartAs(actor.role, after.status))
      return refuse(`a ${actor.role} may not create a story as ${after.status}`);
  } else {
    const move = checkStatusMove(before.status, after.status, before.statusHistory, actor.role);
    if (!move.ok) {
      return refuse(
        move.reason === 'role'
          ? `a ${actor.role} may not ${move.step.action} a story (${before.status} → ${after.status})`
          : `no step of the workflow goes from ${before.status} to ${after.status}`,
      );
    }
  }
  if (
    after.statusHistory.length < before.statusHistory.length ||
    !same(after.statusHistory.slice(0, before.statusHistory.length), before.statusHistory)
  ) {
    return refuse('the status history may only grow');
  }
  return { ok: true };
}

/** Editions: only the chief (or admin) changes them. */
export const checkEditionChange = (actor: NewsroomActor): ChangeVerdict =>
  editionAccess(actor) === 'writable' ? { ok: true } : refuse(`a ${actor.role} may not edit editions`);

/** The catalogue: written by the server alone. */
export const checkCatalogueChange = (): ChangeVerdict => refuse('the catalogue is written by the server only');
