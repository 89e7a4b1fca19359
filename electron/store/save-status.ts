import type { StatusChange, Story, StoryFields } from '../../shared/model';
import type { DeskRole } from '../../shared/model/workflow';
import { assertStatusMove } from './story-workflow';

/** The fields that print: a change to any of them means the text signed off is not what the page will carry. */
const PRINTED_FIELDS = ['kicker', 'headline', 'subheadline', 'byline', 'dateline', 'body'] as const;

const printedTextChanged = (current: Story, changes: Partial<StoryFields>): boolean =>
  PRINTED_FIELDS.some(
    (field) => changes[field] !== undefined && JSON.stringify(changes[field]) !== JSON.stringify(current[field]),
  );

/**
 * The workflow status and status history after a save or a restore.
 * - A restore brings back text and fields, never the status: it stays (unless the story was
 *   signed off, below) and the status history records the restore and the snapshot.
 * - A save that changes the printed text of an approved (已签发) story moves it back to
 *   "edited", recorded as such, so nothing changed after sign-off goes to press unseen.
 * - Any other move must be a step of the workflow the role may take.
 */
export function statusAfterSave(
  current: Story,
  changes: Partial<StoryFields>,
  kind: 'edit' | 'restore',
  restoredFrom: number | null,
  by: string,
  at: Date,
  role: DeskRole,
): { status: Story['status']; statusHistory: StatusChange[] } {
  const when = at.toISOString();
  const reopened = current.status === 'approved' && printedTextChanged(current, changes);
  if (kind === 'restore') {
    const status = reopened ? 'edited' : current.status;
    const entry: StatusChange = { status, by, at: when, event: 'restore' };
    if (restoredFrom !== null) entry.snapshot = restoredFrom;
    return { status, statusHistory: [...current.statusHistory, entry] };
  }
  const requested = changes.status ?? current.status;
  if (reopened && requested === 'approved') {
    return {
      status: 'edited',
      statusHistory: [...current.statusHistory, { status: 'edited', by, at: when, event: 'edited-after-approval' }],
    };
  }
  assertStatusMove(current, requested, role);
  return {
    status: requested,
    statusHistory:
      requested === current.status
        ? current.statusHistory
        : [...current.statusHistory, { status: requested, by, at: when }],
  };
}
