import type { Story, StoryStatus } from '../../shared/model';
import { type DeskRole, checkStatusMove, mayStartAs } from '../../shared/model/workflow';
import { ServiceError } from '../rpc/errors';

/**
 * The library's side of the desk workflow (shared/model/workflow.ts): a save that moves a
 * story's status must be a step of the workflow that the desk's role may take. Any caller of
 * the contract goes through here, so a script cannot sign a draft off in one save.
 */
export function assertStatusMove(story: Story, to: StoryStatus, role: DeskRole): void {
  const move = checkStatusMove(story.status, to, story.statusHistory, role);
  if (move.ok) return;
  if (move.reason === 'no-such-step') {
    throw new ServiceError(
      'invalid-input',
      `Story ${story.id} cannot go from ${story.status} to ${to}: the desk workflow moves a ${story.status} story only to ${move.allowed.join(' or ')}.`,
    );
  }
  throw new ServiceError(
    'forbidden',
    `Story ${story.id} cannot go from ${story.status} to ${to}: the step "${move.step.action}" is not open to the ${role} role.`,
  );
}

/** A new story (written or imported) may start only in a status the role may start one in. */
export function assertStartStatus(status: StoryStatus, role: DeskRole, what: string): void {
  if (mayStartAs(role, status)) return;
  throw new ServiceError('forbidden', `${what}: the ${role} role cannot start a story as ${status}.`);
}
