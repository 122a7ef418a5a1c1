/**
 * Checked readers for result values whose JS type the driver does not promise. `sql<T>` is a
 * TypeScript cast, not a conversion: through drizzle and the Neon driver, int8, numeric and
 * numeric[] arrive as Postgres text, json and jsonb arrive parsed, and timestamps computed in
 * raw SQL arrive as text (test/worker/db/driver-types.test.ts pins each of these). Queries cast
 * to a type that arrives as a JS value (`::int`, `::float8`, `to_jsonb(...)`) and read it here.
 */
export function integerList(value: unknown, what: string): number[] {
  if (Array.isArray(value) && value.every((v) => Number.isSafeInteger(v))) return value;
  throw new TypeError(`${what}: expected a JSON array of integers, got ${kindOf(value)}`);
}

/** A number a query cast to `::int` or `::float8`. */
export function numberOf(value: unknown, what = "value"): number {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  throw new TypeError(`${what}: expected a number, got ${kindOf(value)}`);
}

/** A value's kind for an error message: never the value itself (it may be personal data). */
function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array with non-integer elements";
  return `a ${typeof value}`;
}
