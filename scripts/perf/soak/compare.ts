import { createHash } from "node:crypto";
import { type Rows, TABLES, type TableName } from "./rows.ts";

/** JSON with sorted keys: the same content always gives the same text, hence the same hash. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

const hashOf = (fields: Record<string, unknown>) =>
  createHash("sha1").update(canonical(fields)).digest("hex");

export interface TableResult {
  table: TableName;
  compared: number;
  missing: number;
  extra: number;
  different: number;
  /** The first differing rows: key, and per field what Postgres has vs what Intercom has. */
  examples: string[];
}

/**
 * Row for row, by a content hash of the stored fields. `tolerateExtra` names the keys that may
 * be in Postgres without being in Intercom (parts of a conversation past the 500-part cap,
 * stored by an earlier fetch).
 */
export function compareRows(
  actual: Rows,
  expected: Rows,
  limit: number,
  tolerateExtra: (table: TableName, key: string) => boolean,
): TableResult[] {
  return TABLES.map((table) => {
    const ours = actual[table];
    const theirs = expected[table];
    const result: TableResult = {
      table,
      compared: theirs.size,
      missing: 0,
      extra: 0,
      different: 0,
      examples: [],
    };
    const note = (line: string) => {
      if (result.examples.length < limit) result.examples.push(line);
    };
    for (const [key, want] of theirs) {
      const have = ours.get(key);
      if (!have) {
        result.missing += 1;
        note(`${key}: missing from Postgres`);
        continue;
      }
      if (hashOf(have) === hashOf(want)) continue;
      result.different += 1;
      const fields = [...new Set([...Object.keys(want), ...Object.keys(have)])]
        .filter((f) => canonical(have[f]) !== canonical(want[f]))
        .map(
          (f) => `${f}: ours ${clip(canonical(have[f]))} vs Intercom ${clip(canonical(want[f]))}`,
        );
      note(`${key}: ${fields.join("; ")}`);
    }
    for (const key of ours.keys()) {
      if (theirs.has(key) || tolerateExtra(table, key)) continue;
      result.extra += 1;
      note(`${key}: in Postgres, not in Intercom`);
    }
    return result;
  });
}

const clip = (text: string) => (text.length > 160 ? `${text.slice(0, 157)}...` : text);
