import type { Schema } from '@tiptap/pm/model';
import type { StoryBody } from '../model';
import { storySchema } from './extensions';

/**
 * Why the story editor could not load a body, or null when it can. The contract's body
 * schema checks only the JSON's shape; this checks it against the editor's own schema, so
 * the service (which refuses such a body) and the editor (which opens it read-only instead
 * of blank) judge a body the same way.
 */
export interface BodyProblem {
  kind: 'node' | 'mark' | 'content' | 'marks' | 'other';
  /** The node or mark type named by the problem (for `other`: the schema's own words). */
  name: string;
}

let schema: Schema | null = null;
const editorSchema = (): Schema => (schema ??= storySchema());

export function findBodyProblem(body: StoryBody): BodyProblem | null {
  try {
    editorSchema().nodeFromJSON(body).check();
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const node = /Unknown node type: (.+)$/.exec(message);
    if (node) return { kind: 'node', name: node[1]! };
    const mark = /There is no mark type (\S+)/.exec(message);
    if (mark) return { kind: 'mark', name: mark[1]! };
    const content = /Invalid content for node (\S+?):?(\s|$)/.exec(message);
    if (content) return { kind: 'content', name: content[1]! };
    const marks = /Invalid collection of marks for node (\S+?):?(\s|$)/.exec(message);
    if (marks) return { kind: 'marks', name: marks[1]! };
    return { kind: 'other', name: message.slice(0, 200) };
  }
}

/** The problem in English words, for service errors and the command line. */
export function describeBodyProblem(problem: BodyProblem): string {
  switch (problem.kind) {
    case 'node':
      return `it holds a block of type “${problem.name}”, which the story editor does not know`;
    case 'mark':
      return `it holds text formatted as “${problem.name}”, which the story editor does not know`;
    case 'content':
      return `a “${problem.name}” block holds content the story editor does not allow there`;
    case 'marks':
      return `a “${problem.name}” block holds formatting the story editor does not allow there`;
    default:
      return `the story editor cannot load it (${problem.name})`;
  }
}
