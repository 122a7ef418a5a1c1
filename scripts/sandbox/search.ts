/**
 * Intercom's search query language: `{field, operator, value}` leaves and `{operator: AND|OR,
 * value: [...]}` groups, at most 2 levels of nesting and 15 filters per group. Date fields
 * match by calendar day (UTC here; the workspace's time zone at Intercom): `updated_at > T`
 * starts at the day after T's day, which is why incremental syncs must re-read an overlap.
 */
export class SearchQueryError extends Error {}

const DAY = 86_400;
const DATE_FIELDS = new Set([
  "created_at",
  "updated_at",
  "signed_up_at",
  "last_seen_at",
  "last_contacted_at",
  "last_replied_at",
  "waiting_since",
  "snoozed_until",
]);

export type FieldReader = (field: string) => unknown;
export type Predicate = (read: FieldReader) => boolean;

interface Leaf {
  field: string;
  operator: string;
  value: unknown;
}

const isGroup = (q: Record<string, unknown>) =>
  (q.operator === "AND" || q.operator === "OR") && Array.isArray(q.value);

export function compileQuery(query: unknown, depth = 0): Predicate {
  if (!query || typeof query !== "object") throw new SearchQueryError("query must be an object");
  const q = query as Record<string, unknown>;
  if (isGroup(q)) {
    if (depth >= 2) throw new SearchQueryError("queries allow at most 2 levels of nesting");
    const parts = q.value as unknown[];
    if (parts.length > 15) throw new SearchQueryError("at most 15 filters per group");
    const compiled = parts.map((p) => compileQuery(p, depth + 1));
    return q.operator === "AND"
      ? (read) => compiled.every((p) => p(read))
      : (read) => compiled.some((p) => p(read));
  }
  if (typeof q.field !== "string" || typeof q.operator !== "string" || !("value" in q)) {
    throw new SearchQueryError("each filter needs field, operator and value");
  }
  return leaf({ field: q.field, operator: q.operator, value: q.value });
}

function leaf({ field, operator, value }: Leaf): Predicate {
  if (DATE_FIELDS.has(field)) {
    if (!["=", "<", ">", "!="].includes(operator)) {
      throw new SearchQueryError(`operator ${operator} is not supported on ${field}`);
    }
    const day = Math.floor(Number(value) / DAY);
    return (read) => {
      const v = read(field);
      if (typeof v !== "number") return false;
      const d = Math.floor(v / DAY);
      return operator === "="
        ? d === day
        : operator === ">"
          ? d > day
          : operator === "<"
            ? d < day
            : d !== day;
    };
  }
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v).toLowerCase());
  const wanted = text(value);
  switch (operator) {
    case "=":
      return (read) => (value === null ? read(field) == null : text(read(field)) === wanted);
    case "!=":
      return (read) => (value === null ? read(field) != null : text(read(field)) !== wanted);
    case "IN":
    case "NIN": {
      if (!Array.isArray(value)) throw new SearchQueryError(`${operator} needs an array value`);
      const set = new Set(value.map(text));
      return operator === "IN"
        ? (read) => set.has(text(read(field)))
        : (read) => !set.has(text(read(field)));
    }
    case "~":
      return (read) => (text(read(field)) ?? "").includes(wanted ?? "");
    case "!~":
      return (read) => !(text(read(field)) ?? "").includes(wanted ?? "");
    case "^":
      return (read) => (text(read(field)) ?? "").startsWith(wanted ?? "");
    case "$":
      return (read) => (text(read(field)) ?? "").endsWith(wanted ?? "");
    case ">":
    case "<":
      return (read) => {
        const v = Number(read(field));
        return operator === ">" ? v > Number(value) : v < Number(value);
      };
    default:
      throw new SearchQueryError(`unknown operator ${operator}`);
  }
}
