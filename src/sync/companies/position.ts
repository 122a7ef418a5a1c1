/**
 * Where a company run's scroll stands, kept in its partition's `cursor`: Intercom's scroll
 * parameter (null before the scroll is opened) and which attempt it belongs to. A scroll
 * cannot resume from a point: when Intercom expires or breaks one, the next attempt opens a
 * new scroll from the start.
 */
export interface ScrollPosition {
  scrollParam: string | null;
  attempt: number;
}

export const START: ScrollPosition = { scrollParam: null, attempt: 0 };

export function encodePosition(p: ScrollPosition): string {
  return JSON.stringify({ s: p.scrollParam, a: p.attempt });
}

export function decodePosition(cursor: string | null): ScrollPosition {
  if (cursor === null) return START;
  const parsed: unknown = JSON.parse(cursor);
  if (typeof parsed !== "object" || parsed === null) return START;
  const { s, a } = parsed as { s?: unknown; a?: unknown };
  return {
    scrollParam: typeof s === "string" ? s : null,
    attempt: typeof a === "number" && Number.isSafeInteger(a) ? a : 0,
  };
}
