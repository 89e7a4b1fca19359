import { describeBodyProblem, findBodyProblem } from '../../shared/editor/body-problem';
import type { StoryBody } from '../../shared/model';
import { ServiceError } from '../rpc/errors';

/**
 * A body the editor cannot load opens blank in it, and the next keystroke would save over
 * the text: the service refuses such a body on save, import and restore, judged by the
 * editor's own schema (shared/editor).
 */
export function bodyProblem(body: StoryBody): string | null {
  const problem = findBodyProblem(body);
  return problem ? describeBodyProblem(problem) : null;
}

/** Throws a clear `invalid-input` error when the editor could not load this body. */
export function assertEditableBody(body: StoryBody, what: string): void {
  const problem = bodyProblem(body);
  if (problem) throw new ServiceError('invalid-input', `${what}: ${problem}. Nothing was saved.`);
}
