/**
 * Delay before the next attempt: exponential from `baseSeconds`, capped, with full jitter on
 * the upper half so retries from one failure do not arrive together.
 */
export function retryDelaySeconds(attempt: number, baseSeconds = 5, capSeconds = 600): number {
  const ceiling = Math.min(capSeconds, baseSeconds * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}
