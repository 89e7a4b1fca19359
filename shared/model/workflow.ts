import { z } from 'zod';
import type { StatusChange, StoryStatus } from './story';

/**
 * The desk workflow: which status moves exist, and who may make them. The library enforces
 * it on every save (electron/store/story-workflow.ts); the story editor shows the same steps
 * as its buttons, to guide, never to guard.
 */

/** Who is at the desk. Today's single-user desk acts with full rights (FULL_RIGHTS). */
export const DeskRole = z.enum(['reporter', 'editor', 'chief', 'admin']);
export type DeskRole = z.infer<typeof DeskRole>;

/** The role of a desk that has one user and no sign-in: every step is open to them. */
export const FULL_RIGHTS: DeskRole = 'admin';

/** The desk's verbs; each names the button that moves a story on. */
export type WorkflowAction = 'submit' | 'markEdited' | 'approve' | 'reopen' | 'returnToDraft' | 'spike' | 'restore';

export interface WorkflowStep {
  action: WorkflowAction;
  to: StoryStatus;
}

/**
 * Allowed moves, in the order the buttons show them: forward first, then back, spike last.
 * A desk chief may approve a submitted story without a separate "edited" step; an approved
 * story is reopened to "edited" (its text is being touched again), not sent back to draft.
 */
const forward: Record<Exclude<StoryStatus, 'spiked'>, WorkflowStep[]> = {
  draft: [{ action: 'submit', to: 'submitted' }],
  submitted: [
    { action: 'markEdited', to: 'edited' },
    { action: 'approve', to: 'approved' },
    { action: 'returnToDraft', to: 'draft' },
  ],
  edited: [
    { action: 'approve', to: 'approved' },
    { action: 'returnToDraft', to: 'draft' },
  ],
  approved: [{ action: 'reopen', to: 'edited' }],
};

/**
 * Who may take each step: a reporter files copy; editors edit it and send it back; only the
 * desk chief signs it off, reopens what was signed off, and spikes (撤稿) or restores a story.
 */
const takenBy: Record<WorkflowAction, readonly DeskRole[]> = {
  submit: ['reporter', 'editor', 'chief', 'admin'],
  markEdited: ['editor', 'chief', 'admin'],
  returnToDraft: ['editor', 'chief', 'admin'],
  approve: ['chief', 'admin'],
  reopen: ['chief', 'admin'],
  spike: ['chief', 'admin'],
  restore: ['chief', 'admin'],
};

/**
 * The statuses a new story (written or imported) may start in: a reporter's copy starts as a
 * draft or filed; an editor may bring in edited copy; the chief may bring in copy signed off.
 */
const startsAs: Record<DeskRole, readonly StoryStatus[]> = {
  reporter: ['draft', 'submitted'],
  editor: ['draft', 'submitted', 'edited'],
  chief: ['draft', 'submitted', 'edited', 'approved'],
  admin: ['draft', 'submitted', 'edited', 'approved'],
};

export const mayTake = (role: DeskRole, action: WorkflowAction): boolean => takenBy[action].includes(role);

/**
 * The status a spiked story goes back to: the one it had before its latest spike, read from
 * the history. A story spiked before history was kept goes back to draft.
 */
export function statusBeforeSpike(history: readonly StatusChange[]): StoryStatus {
  for (let i = history.length - 1; i >= 0; i--) {
    if (history[i]?.status !== 'spiked') continue;
    for (let j = i - 1; j >= 0; j--) {
      const earlier = history[j]?.status;
      if (earlier && earlier !== 'spiked') return earlier;
    }
    break;
  }
  return 'draft';
}

/** Every step the workflow has from this status, whoever may take it. */
export function workflowSteps(status: StoryStatus, history: readonly StatusChange[]): WorkflowStep[] {
  if (status === 'spiked') return [{ action: 'restore', to: statusBeforeSpike(history) }];
  return [...forward[status], { action: 'spike', to: 'spiked' }];
}

/** The steps this role may take from this status: the editor's buttons. */
export function nextSteps(
  status: StoryStatus,
  history: readonly StatusChange[],
  role: DeskRole = FULL_RIGHTS,
): WorkflowStep[] {
  return workflowSteps(status, history).filter((step) => mayTake(role, step.action));
}

export type StatusMove =
  | { ok: true; step: WorkflowStep | null }
  /** No step of the workflow goes there from here; `allowed` lists where steps do go. */
  | { ok: false; reason: 'no-such-step'; allowed: StoryStatus[] }
  /** The step exists, but this role may not take it. */
  | { ok: false; reason: 'role'; step: WorkflowStep };

/** Whether a story in `from` may be moved to `to` by `role`; staying where it is is always fine. */
export function checkStatusMove(
  from: StoryStatus,
  to: StoryStatus,
  history: readonly StatusChange[],
  role: DeskRole,
): StatusMove {
  if (from === to) return { ok: true, step: null };
  const steps = workflowSteps(from, history);
  const step = steps.find((s) => s.to === to);
  if (!step) return { ok: false, reason: 'no-such-step', allowed: steps.map((s) => s.to) };
  if (!mayTake(role, step.action)) return { ok: false, reason: 'role', step };
  return { ok: true, step };
}

/** Whether `role` may create or import a story that starts in `status`. */
export const mayStartAs = (role: DeskRole, status: StoryStatus): boolean => startsAs[role].includes(status);
