import type { Row } from "./figures.ts";

const HEADER = [
  "invocation",
  "size",
  "n",
  "batch",
  "subreq max",
  "p95",
  "fetch",
  "DO",
  "queue",
  "DB",
  "conn max",
  "wall ms max",
  "CPU ms*",
];
/** Columns that hold numbers: right-aligned. */
const NUMERIC = new Set(HEADER.slice(2));

function cells(row: Row): string[] {
  return [
    `\`${row.kind}\``,
    row.size,
    String(row.count),
    row.batch === null ? "" : String(row.batch),
    String(row.subrequestsMax),
    String(row.subrequestsP95),
    String(row.fetchesMax),
    String(row.doCallsMax),
    String(row.queueSendsMax),
    String(row.dbConnectionsMax),
    String(row.connectionsMax),
    String(row.wallMsMax),
    row.cpuMs === null ? "" : row.cpuMs.toFixed(row.cpuMs < 10 ? 1 : 0),
  ];
}

/**
 * One Markdown table (it reads as well in a terminal as in the README): a row per kind of
 * invocation and workspace size. fetch, DO, queue and DB are each the most of that kind of
 * subrequest any one invocation made; they need not add up to `subreq max`.
 */
export function renderTable(rows: Row[]): string {
  const body = rows.map(cells);
  // Three at least: Biome writes a column's rule as no fewer than three characters.
  const widths = HEADER.map((h, i) =>
    Math.max(3, h.length, ...body.map((r) => (r[i] ?? "").length)),
  );
  const line = (values: string[]) =>
    `| ${values
      .map((v, i) =>
        NUMERIC.has(HEADER[i] ?? "") ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0),
      )
      .join(" | ")} |`;
  const rule = `| ${widths.map((w, i) => (NUMERIC.has(HEADER[i] ?? "") ? `${"-".repeat(w - 1)}:` : "-".repeat(w))).join(" | ")} |`;
  return [line(HEADER), rule, ...body.map(line)].join("\n");
}

export const TABLE_NOTES = [
  "subreq: subrequests in one invocation (fetch + Durable Object calls + queue sends + Postgres connections); limit 1,000.",
  "fetch, DO, queue, DB: the most of each kind in one invocation. conn max: most connections open at once (fetches not yet read, queue sends in flight, Postgres sockets); limit 6.",
  "batch: most messages in one queue batch. wall ms: start to end of the invocation, as the Worker timed it.",
  "CPU ms*: a proxy, not the invocation's CPU time: workerd's CPU time over each phase of the run, divided by the invocations that ended in it (local queues, the gate's Durable Object and log printing included).",
];
