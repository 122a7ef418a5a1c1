import { type MeterFigures, PLATFORM_LIMITS } from "../../../src/shared/meter.ts";

/** One invocation's meter line (src/shared/meter.ts), as wrangler printed it. */
export interface MeterLine extends MeterFigures {
  invocation: string;
  /** A queue batch's size. */
  messages?: number;
}

/** A meter line, with the workspace size and the harness's phase it was printed in. */
export interface Sample extends MeterLine {
  size: string;
  phase: string;
}

/** workerd's CPU time over one phase of one size, and the invocations that ended in it. */
export interface PhaseCpu {
  size: string;
  phase: string;
  cpuMs: number;
  invocations: number;
}

/** One row of the table: one kind of invocation at one workspace size. */
export interface Row {
  kind: string;
  size: string;
  count: number;
  /** Most messages in one batch (queue consumers), else null. */
  batch: number | null;
  subrequestsMax: number;
  subrequestsP95: number;
  /** Most subrequests in one invocation besides the rate gate's exchanges (see problemsOf). */
  workMax: number;
  fetchesMax: number;
  doCallsMax: number;
  queueSendsMax: number;
  dbConnectionsMax: number;
  connectionsMax: number;
  wallMsMax: number;
  /** workerd CPU per invocation of the phases this kind ran in (a proxy: see cpuPerInvocation). */
  cpuMs: number | null;
}

const NUMBER_FIELDS = [
  "subrequests",
  "fetches",
  "do_calls",
  "queue_sends",
  "db_connections",
  "peak_connections",
  "wall_ms",
] as const;

/** Terminal colour codes: wrangler wraps the Worker's warnings in them. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character is the point
const COLOURS = /\u001b\[[0-9;]*m/g;

/**
 * The meter line in one line of wrangler's output, or null for any other line. Warnings come
 * as `▲ [WARNING] {...}` in colour, debug lines bare.
 */
export function parseMeterLine(line: string): MeterLine | null {
  if (!line.includes('"invocation"')) return null;
  const plain = line.replace(COLOURS, "");
  const start = plain.indexOf("{");
  const end = plain.lastIndexOf("}");
  if (start < 0 || end < start) return null;
  let value: unknown;
  try {
    value = JSON.parse(plain.slice(start, end + 1));
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const record = value as Record<string, unknown>;
  if (record.message !== "invocation" || typeof record.invocation !== "string") return null;
  for (const field of NUMBER_FIELDS) if (typeof record[field] !== "number") return null;
  return {
    invocation: record.invocation,
    ...(typeof record.messages === "number" ? { messages: record.messages } : {}),
    subrequests: record.subrequests as number,
    fetches: record.fetches as number,
    do_calls: record.do_calls as number,
    queue_sends: record.queue_sends as number,
    db_connections: record.db_connections as number,
    peak_connections: record.peak_connections as number,
    wall_ms: record.wall_ms as number,
  };
}

/** Nearest-rank percentile of a non-empty list. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? 0;
}

/**
 * workerd does not report CPU per invocation locally. The proxy: the workerd processes' CPU
 * time (user + system) over a phase, divided by the invocations that ended in it; a kind gets
 * the mean over the invocations it had, each weighted by its phase's figure. It includes
 * what the runtime spent beside our code (the gate's Durable Object, the local queues, log
 * printing), so it overstates, and it spreads a phase's CPU evenly over unequal invocations.
 */
export function cpuPerInvocation(samples: Sample[], phases: PhaseCpu[]): number | null {
  let total = 0;
  let counted = 0;
  for (const sample of samples) {
    const phase = phases.find((p) => p.size === sample.size && p.phase === sample.phase);
    if (!phase || phase.invocations === 0) continue;
    total += phase.cpuMs / phase.invocations;
    counted += 1;
  }
  return counted === 0 ? null : total / counted;
}

const max = (samples: Sample[], pick: (s: Sample) => number) =>
  samples.reduce((m, s) => Math.max(m, pick(s)), 0);

/** Rows per kind and size, in the order of `sizes` within each kind, kinds sorted by name. */
export function buildRows(samples: Sample[], phases: PhaseCpu[], sizes: string[]): Row[] {
  const groups = new Map<string, Sample[]>();
  for (const sample of samples) {
    const key = `${sample.invocation}\u0000${sample.size}`;
    const group = groups.get(key) ?? [];
    group.push(sample);
    groups.set(key, group);
  }
  const kinds = [...new Set(samples.map((s) => s.invocation))].sort();
  const rows: Row[] = [];
  for (const kind of kinds)
    for (const size of sizes) {
      const group = groups.get(`${kind}\u0000${size}`);
      if (!group) continue;
      const batches = group.flatMap((s) => (s.messages === undefined ? [] : [s.messages]));
      rows.push({
        kind,
        size,
        count: group.length,
        batch: batches.length > 0 ? Math.max(...batches) : null,
        subrequestsMax: max(group, (s) => s.subrequests),
        subrequestsP95: percentile(
          group.map((s) => s.subrequests),
          95,
        ),
        workMax: max(group, (s) => s.subrequests - s.do_calls),
        fetchesMax: max(group, (s) => s.fetches),
        doCallsMax: max(group, (s) => s.do_calls),
        queueSendsMax: max(group, (s) => s.queue_sends),
        dbConnectionsMax: max(group, (s) => s.db_connections),
        connectionsMax: max(group, (s) => s.peak_connections),
        wallMsMax: max(group, (s) => s.wall_ms),
        cpuMs: cpuPerInvocation(group, phases),
      });
    }
  return rows;
}

/**
 * Growth is judged on an invocation's work (fetches, queue sends, Postgres connections), not on
 * the rate gate's exchanges: the gate's batches (src/intercom/gate/batched-gate.ts) hold as many
 * calls as happen to start together, and an admission the gate answers "wait" is asked again,
 * so the same 150 checks of a finish slice took 16 to 22 exchanges in one CI run at either size.
 * The exchanges follow the fetches, so work that grows shows in the fetches first. The
 * tolerance covers a Postgres connection or queue send more or less by timing; work that grows
 * with the workspace grows by far more (a fetch per unseen contact or page read).
 */
export const GROWTH_TOLERANCE = 3;

/**
 * Kinds held to the limits but not compared across sizes: what one costs is set by what is in
 * its batch, not by the workspace. The workload sends the same writes at both sizes, but which
 * of them share an outbox batch of 20 depends on timing, and with it how many contact look-ups
 * the batch makes (one quick run: 50 subrequests at the small size, 54 at the large).
 */
export const BATCH_BOUND_KINDS: readonly string[] = ["queue:intercom-outbox/outbox.deliver"];

/** What makes the run fail: an invocation past a limit, or a kind that costs more when larger. */
export function problemsOf(samples: Sample[], rows: Row[], sizes: string[]): string[] {
  const problems: string[] = [];
  for (const row of rows) {
    if (row.subrequestsMax > PLATFORM_LIMITS.subrequests)
      problems.push(
        `${row.kind} at ${row.size}: ${row.subrequestsMax} subrequests in one invocation (limit ${PLATFORM_LIMITS.subrequests})`,
      );
    if (row.connectionsMax > PLATFORM_LIMITS.connections)
      problems.push(
        `${row.kind} at ${row.size}: ${row.connectionsMax} connections open at once (limit ${PLATFORM_LIMITS.connections})`,
      );
  }
  const [small, large] = [sizes[0], sizes[sizes.length - 1]];
  if (small === undefined || large === undefined || small === large) return problems;
  for (const kind of new Set(samples.map((s) => s.invocation))) {
    if (BATCH_BOUND_KINDS.includes(kind)) continue;
    const atSmall = rows.find((r) => r.kind === kind && r.size === small);
    const atLarge = rows.find((r) => r.kind === kind && r.size === large);
    if (!atSmall || !atLarge) continue;
    if (atLarge.workMax > atSmall.workMax + GROWTH_TOLERANCE)
      problems.push(
        `${kind}: ${atLarge.workMax} subrequests besides the rate gate's at ${large} against ${atSmall.workMax} at ${small} (grows with the workspace)`,
      );
  }
  return problems;
}

/** Kinds the workload must have measured at every size, and which of them it did not. */
export function missingKinds(samples: Sample[], expected: string[], sizes: string[]): string[] {
  const seen = new Set(samples.map((s) => `${s.invocation}\u0000${s.size}`));
  return sizes.flatMap((size) =>
    expected
      .filter((kind) => !seen.has(`${kind}\u0000${size}`))
      .map((kind) => `${kind} at ${size}: never ran`),
  );
}
