import { AppError } from "./errors.ts";

/**
 * Text Postgres cannot store: NUL (not allowed in text or jsonb) and UTF-16 halves without
 * their pair (JSON escapes of them are refused by jsonb). Input holding either would fail
 * deep in a statement as a 500; it is refused at the edge instead, naming where it was.
 */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function unstorable(text: string): boolean {
  return text.includes("\u0000") || UNPAIRED_SURROGATE.test(text);
}

/** The first string (key or value) of a parsed JSON body that cannot be stored, as a path. */
function unstorableField(value: unknown, path = "body"): string | null {
  if (typeof value === "string") return unstorable(value) ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = unstorableField(item, `${path}.${i}`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (unstorable(key)) return `${path}.(key)`;
      const found = unstorableField(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

export function assertStorable(value: unknown): void {
  const field = unstorableField(value);
  if (field)
    throw new AppError(
      "invalid_request",
      `${field} contains a NUL character or an unpaired surrogate`,
      {
        problems: [{ field, message: "contains a NUL character or an unpaired surrogate" }],
      },
    );
}
