/**
 * Runs `work` over `items`, at most `concurrency` at a time, starting none after `deadline`
 * (ms since the epoch). Returns the results of the longest run of items from the first that
 * all finished, in order: a caller that keeps a cursor resumes after the last of them, and
 * an item started out of that run is simply done again next time.
 */
export async function inOrderPrefix<T, R>(
  items: readonly T[],
  concurrency: number,
  deadline: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: Array<{ done: true; value: R } | undefined> = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length && Date.now() < deadline) {
      const index = next++;
      results[index] = { done: true, value: await work(items[index] as T) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  const prefix: R[] = [];
  for (const r of results) {
    if (!r) break;
    prefix.push(r.value);
  }
  return prefix;
}
