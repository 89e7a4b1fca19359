/** Runs `work` over `items`, `limit` at a time. */
export async function inPool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** A story or edition file: `<id>.json`, not a temporary file of a write under way. */
export const isDataFile = (name: string): boolean => name.endsWith('.json') && !name.startsWith('.');
