import type { Placement } from '../../shared/model/edition';

/** A placeholder block one column wide and ten lines deep, at `column`, `line`: editions built by hand in tests. */
export const placeholderBlock = (id: string, column: number, line: number): Placement => ({
  id,
  kind: 'placeholder',
  storyId: null,
  column,
  span: 1,
  line,
  lines: 10,
  label: `Block ${id}`,
});
