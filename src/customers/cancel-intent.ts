const DEFAULT_CANCEL_KEYWORDS = [
  "cancel",
  "cancellation",
  "cancelling",
  "churn",
  "leaving",
  "switching",
  "not renewing",
  "won't renew",
] as const;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Whole words, case-insensitive: "cancel" matches "Cancel my plan" but not "cancelled" or
 * "uncancellable". Typographic apostrophes (won’t) count as plain ones; spaces inside a
 * phrase match any run of whitespace.
 */
export function cancelIntentMatcher(keywords: readonly string[] = DEFAULT_CANCEL_KEYWORDS) {
  const alternatives = keywords
    .map((k) => k.trim().toLowerCase().replace(/[’‘]/g, "'"))
    .filter((k) => k.length > 0)
    .map((k) => escapeRegExp(k).replace(/\s+/g, "\\s+"));
  if (alternatives.length === 0) return () => false;
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}_'])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}_'])`,
    "iu",
  );
  return (text: string | null | undefined): boolean =>
    Boolean(text) && pattern.test((text ?? "").replace(/[’‘]/g, "'"));
}
