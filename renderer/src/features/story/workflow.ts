import type { StatusChange, StoryStatus } from '../../../../shared/model';

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

export function nextSteps(status: StoryStatus, history: readonly StatusChange[]): WorkflowStep[] {
  if (status === 'spiked') return [{ action: 'restore', to: statusBeforeSpike(history) }];
  return [...forward[status], { action: 'spike', to: 'spiked' }];
}
