import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { Database } from "../../src/db/client.ts";
import * as schema from "../../src/db/schema/index.ts";
import type { AttributeValues } from "../../src/db/schema/writeback.ts";
import { candidatesAfter } from "../../src/writeback/candidates.ts";
import { type Change, changesOf } from "../../src/writeback/changes.ts";
import {
  ACCOUNT_FIGURES,
  type AccountFigure,
  attributesOf,
  CONTACT_FIGURES,
  type ContactFigure,
  DEFAULT_PREFIX,
} from "../../src/writeback/figures.ts";
import type { Sandbox } from "../sandbox/server.ts";

/**
 * The write-back benchmark's ways to stand a workspace where it needs it: the state a previous
 * run left, 1 % of contacts changed in Intercom, and what a run should then write. Values come
 * from the planner's own code (candidates.ts, changes.ts, figures.ts), so they agree with it;
 * what is checked independently is which contacts get written and what Intercom holds after.
 */

/** The Worker's settings when no WRITEBACK_* is set (src/config/env.ts); the bench sets none. */
export const SETTINGS = {
  prefix: DEFAULT_PREFIX,
  contact: Object.keys(CONTACT_FIGURES) as ContactFigure[],
  account: Object.keys(ACCOUNT_FIGURES) as AccountFigure[],
};
const CONTACT_ATTRIBUTES = attributesOf(SETTINGS).filter((a) => a.model === "contact");
const SCAN_CHUNK = 5000;

/** The plan the bench gives the changed contacts: no seeded plan has this name. */
export const CHANGED_PLAN = {
  stripe_plan: "Bench Plan - Monthly",
  stripe_plan_price: 123.45,
  stripe_plan_interval: "month",
  stripe_plan_interval_count: 1,
  stripe_subscription_status: "active",
};

export interface WritebackState {
  /** Our code's queries, on a pool of the harness's own (the Worker has its own). */
  db: Database;
  pool: pg.Pool;
  sandbox: Sandbox;
  token: string;
  workspaceId: string;
  close(): Promise<void>;
}

export function writebackState(
  url: string,
  sandbox: Sandbox,
  token: string,
  workspaceId: string,
): WritebackState {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    db: drizzle({ client: pool, schema }) as unknown as Database,
    pool,
    sandbox,
    token,
    workspaceId,
    close: () => pool.end(),
  };
}

/** Every contact the planner compares, with what a run would write to it now. */
async function* changes(state: WritebackState) {
  let after: string | null = null;
  for (;;) {
    const chunk = await candidatesAfter(state.db, state.workspaceId, "contact", after, SCAN_CHUNK);
    for (const c of chunk) yield { c, ...changesOf(CONTACT_ATTRIBUTES, c.figures, c.baseline) };
    if (chunk.length < SCAN_CHUNK) return;
    after = chunk.at(-1)?.id ?? null;
  }
}

/**
 * Stands for a previous, successful write-back (`--first-run` does one for real, ~20 min at
 * 100,000 contacts at the paced bound): the data attributes it created in Intercom, through
 * Intercom's API as the run does, and per contact what Intercom took from it, written into
 * writeback_targets as delivery records it (`written`; no outbox row left in flight). Only
 * Intercom's copies of the values are not put on its contacts: nothing the next run reads.
 * Returns the contacts recorded.
 */
export async function recordPreviousRun(
  state: WritebackState,
  /** The first contacts in the planner's order left out, as if they changed since. */
  options: { skipFirst?: number } = {},
): Promise<number> {
  for (const attribute of attributesOf(SETTINGS)) {
    const res = await fetch(`${state.sandbox.url}/data_attributes`, {
      method: "POST",
      headers: { authorization: `Bearer ${state.token}`, "content-type": "application/json" },
      body: JSON.stringify({
        name: attribute.name,
        model: attribute.model,
        data_type: attribute.dataType,
        description: attribute.description,
      }),
    });
    if (!res.ok) throw new Error(`creating ${attribute.name}: ${res.status} ${await res.text()}`);
  }
  let recorded = 0;
  let rows: Array<{ id: string; written: AttributeValues }> = [];
  const flush = async () => {
    await state.pool.query(
      `insert into writeback_targets (workspace_id, model, intercom_id, written, written_at, planned)
       select $1, 'contact', r.id, r.written, now(), r.written
       from jsonb_to_recordset($2::jsonb) as r(id text, written jsonb)`,
      [state.workspaceId, JSON.stringify(rows)],
    );
    recorded += rows.length;
    rows = [];
  };
  // What the first run sent is what it recorded: each attribute with a value (null is unwritten).
  let seen = 0;
  for await (const { c, change } of changes(state)) {
    if (seen++ < (options.skipFirst ?? 0)) continue;
    if (change) rows.push({ id: c.id, written: change.values });
    if (rows.length >= SCAN_CHUNK) await flush();
  }
  if (rows.length > 0) await flush();
  return recorded;
}

/**
 * Changes `count` paying customers' Stripe data in Intercom, as the Stripe app does on a plan
 * change: a new plan name and price, so each one's figures must differ. Contacts are spread
 * evenly over the id order the planner walks. Returns their ids.
 */
export async function changeContacts(state: WritebackState, count: number): Promise<string[]> {
  const { rows } = await state.pool.query<{ id: string }>(
    `select x.id from contacts x
     join customers cu on cu.workspace_id = x.workspace_id and cu.email = lower(x.email)
     where x.workspace_id = $1 and x.deleted_at is null and not x.archived
       and x.merged_into_id is null and cu.plan_name is not null
     order by x.id`,
    [state.workspaceId],
  );
  if (rows.length < count)
    throw new Error(`only ${rows.length} paying contacts to change, ${count} asked for`);
  const step = rows.length / count;
  const ids = Array.from({ length: count }, (_, i) => rows[Math.floor(i * step)]?.id ?? "");
  const queue = [...ids];
  // The sandbox's control route: not an Intercom call, and not counted in its stats.
  const worker = async () => {
    for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
      const res = await fetch(`${state.sandbox.url}/__sandbox/mutate`, {
        method: "POST",
        body: JSON.stringify({
          kind: "contact.update",
          id,
          attributes: { custom_attributes: CHANGED_PLAN },
        }),
      });
      const body = (await res.json()) as { changed?: string[] };
      if (body.changed?.[0] !== id) throw new Error(`the sandbox did not change ${id}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return ids;
}

/** What a run would write now, per contact: the planner's comparison, over every contact. */
export async function expectedChanges(
  state: WritebackState,
): Promise<{ scanned: number; changed: Map<string, Change> }> {
  let scanned = 0;
  const changed = new Map<string, Change>();
  for await (const { c, change } of changes(state)) {
    scanned += 1;
    if (change) changed.set(c.id, change);
  }
  return { scanned, changed };
}

const QUALITY = `${SETTINGS.prefix}quality_score`;

/**
 * Of `ids`, the contacts whose only change is a lower quality score because they were last
 * seen more than 7 days ago now and less than 7 days before `derivedSince` (when the contact
 * sync that derived the previous run's values started): the score's "seen this week" points
 * expire with time, and a sync that reads the contact again (any change, or the write-back's
 * own, which moves `updated_at`) derives it anew. In the sandbox (80 % last seen in the past
 * 30 days, evenly), about 1 in 900 re-read contacts for each hour since: a true change, not a
 * loop of writes.
 */
export async function agedOut(
  state: WritebackState,
  ids: readonly string[],
  changed: ReadonlyMap<string, Change>,
  derivedSince: Date,
): Promise<string[]> {
  const onlyQuality = ids.filter((id) => {
    const change = changed.get(id);
    const names = Object.keys(change?.values ?? {});
    return (
      names.length === 1 &&
      names[0] === QUALITY &&
      Number(change?.values[QUALITY]) < Number(change?.old[QUALITY])
    );
  });
  if (onlyQuality.length === 0) return [];
  const { rows } = await state.pool.query<{ id: string }>(
    `select x.id from contacts x
     join customers cu on cu.workspace_id = x.workspace_id and cu.email = lower(x.email)
     where x.workspace_id = $1 and x.id = any($2::text[])
       and cu.last_seen_at <= now() - interval '7 days'
       and cu.last_seen_at > $3::timestamptz - interval '7 days'`,
    [state.workspaceId, onlyQuality, derivedSince.toISOString()],
  );
  return rows.map((r) => r.id);
}

/** A few changes, `id: name old -> new`, for a report line. */
export function sampleOf(ids: readonly string[], changed: ReadonlyMap<string, Change>, n = 3) {
  return ids
    .slice(0, n)
    .map((id) => {
      const change = changed.get(id);
      const parts = Object.keys(change?.values ?? {}).map(
        (name) =>
          `${name} ${JSON.stringify(change?.old[name] ?? null)} -> ${JSON.stringify(change?.values[name] ?? null)}`,
      );
      return `${id}: ${parts.join(", ")}`;
    })
    .join("; ");
}

/** Contacts whose attributes in Intercom (the sandbox) differ from what the run should write. */
export function differentInIntercom(
  sandbox: Sandbox,
  expected: ReadonlyMap<string, Change>,
): number {
  const contacts = sandbox.workspace().contacts;
  let different = 0;
  for (const [id, { values }] of expected) {
    const held = contacts.get(id)?.customAttributes ?? {};
    if (Object.entries(values).some(([name, value]) => (held[name] ?? null) !== value))
      different += 1;
  }
  return different;
}

/** How many of `a` are not in `b`, and of `b` not in `a`. */
export function setDifference(a: readonly string[], b: readonly string[]) {
  const inA = new Set(a);
  const inB = new Set(b);
  return {
    missing: a.filter((id) => !inB.has(id)).length,
    extra: b.filter((id) => !inA.has(id)).length,
  };
}
