/**
 * Characters a terminal acts on instead of showing: C0 controls (ESC starts colour, cursor and
 * title sequences; CR rewrites a line) but newline and tab, DEL, C1 controls (U+009B is a
 * one-byte CSI), and the bidi overrides and isolates that reorder what is shown.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text from the service, made safe to print: what a terminal would act on becomes U+FFFD. */
export function safeText(text: string): string {
  return text.replace(UNSAFE, "\uFFFD");
}

/** A parsed answer with every string, keys included, made safe to print. */
export function safeValue(value: unknown): unknown {
  if (typeof value === "string") return safeText(value);
  if (Array.isArray(value)) return value.map(safeValue);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [safeText(key), safeValue(inner)]),
    );
  return value;
}
