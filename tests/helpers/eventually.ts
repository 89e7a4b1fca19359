/**
 * Reads until `ok` holds (every 20 ms), for what another process or desk brings about in its own
 * time. A read that rejects counts as "not yet" (a story or edition not arrived); at the deadline
 * the last value, or the last error, goes into the failure.
 */
export async function eventually<T>(
  read: () => Promise<T> | T,
  ok: (value: T) => boolean,
  timeoutMs = 8000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let last: string;
    try {
      const value = await read();
      if (ok(value)) return value;
      last = JSON.stringify(value)?.slice(0, 3000) ?? String(value);
    } catch (error) {
      last = `error: ${(error as Error)?.message ?? String(error)}`;
    }
    if (Date.now() > deadline) throw new Error(`not reached in ${timeoutMs} ms: ${last}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
