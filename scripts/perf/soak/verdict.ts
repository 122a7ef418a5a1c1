import { PART_CAP, partsOf } from "../../sandbox/parts.ts";
import type { Sandbox } from "../../sandbox/server.ts";
import {
  type CompanyRunFigures,
  companyRunFigures,
  type EndState,
  endState,
  endStateProblems,
} from "./checks.ts";
import { compareRows, type TableResult } from "./compare.ts";
import { expectedRows } from "./expected.ts";
import { expectedCompanyRows } from "./expected-companies.ts";
import { explainArchived, explainCompanies, explainMissing } from "./explain.ts";
import { deliverEverything, type Lifetime, waitForRuns } from "./lifetime.ts";
import { actualRows } from "./rows.ts";
import type { Kind } from "./service.ts";
import { checkWriteback, type WritebackFigures } from "./writeback.ts";

const FINAL_LIMIT_MS = 6 * 60_000;

export interface Verdict {
  tables: TableResult[];
  writeback: WritebackFigures;
  end: EndState;
  companyRuns: CompanyRunFigures;
  problems: string[];
}

/**
 * The end of the lifetime: no more faults, every held webhook delivered, then a full and an
 * incremental run of each kind; then Postgres against the sandbox, and the bookkeeping.
 */
export async function settleAndCheck(
  life: Lifetime,
  sandbox: Sandbox,
  diffLimit: number,
): Promise<Verdict> {
  const problems: string[] = [];
  life.log("final: faults off, delivering every held webhook");
  await deliverEverything(life);
  for (const mode of ["full", "incremental"] as const) {
    const deadline = Date.now() + FINAL_LIMIT_MS;
    const kinds: Kind[] = ["contacts", "conversations", "companies"];
    const ids = await Promise.all(kinds.map((k) => life.service.startRun(k, mode, deadline)));
    life.log(`final ${mode} runs started`);
    const sweeper = setInterval(() => void life.service.sweep(), 20_000);
    try {
      await waitForRuns(life, ids, deadline);
    } finally {
      clearInterval(sweeper);
    }
    const statuses = await life.service.statusOf(ids);
    kinds.forEach((kind, i) => {
      const status = statuses.get(ids[i] ?? "") ?? "?";
      const key = `${kind} ${mode} ${status}`;
      life.figures.runs[key] = (life.figures.runs[key] ?? 0) + 1;
      if (status !== "succeeded") problems.push(`final ${mode} ${kind} run ${ids[i]} ${status}`);
    });
  }
  await deliverEverything(life);
  life.log("comparing Postgres with the sandbox");
  const ws = sandbox.workspace();
  const base = expectedRows(ws);
  const deletedSeen = await heldRows(life, [...life.deletedCompanies]);
  const expected = { ...base, ...expectedCompanyRows(ws, base.customers, deletedSeen) };
  const actual = await actualRows(life.service.db, life.service.workspaceId);
  // Parts of a conversation past Intercom's 500-part cap that an earlier fetch stored.
  const olderParts = new Set<string>();
  for (const c of ws.conversations.values()) {
    const all = partsOf(c);
    if (all.length > PART_CAP)
      for (const p of all.slice(0, -PART_CAP)) olderParts.add(`${c.id}/${p.id}`);
  }
  // Conversations of deleted contacts: Intercom keeps them, and docs/erasure.md "Erasure" tombstones
  // them here once we know the person was deleted; either state is right.
  const orphaned = new Set(
    [...ws.conversations.values()].filter((c) => !ws.contacts.has(c.contactId)).map((c) => c.id),
  );
  const conversationOf = (key: string) => key.split("/")[0] ?? "";
  const tables = compareRows(actual, expected, diffLimit, (table, key) => {
    if (table === "parts" && olderParts.has(key)) return true;
    return (
      (table === "conversations" || table === "parts" || table === "conversation_tags") &&
      orphaned.has(conversationOf(key))
    );
  });
  await explainMissing(life.service.db, life.service.workspaceId, tables);
  await explainCompanies(life.service.db, life.service.workspaceId, tables, (id) =>
    life.deletedCompanies.has(id),
  );
  await explainArchived(
    life.service.db,
    life.service.workspaceId,
    tables,
    (id) => ws.contacts.get(id)?.archivedChangedAt,
    (id) => life.courier.archiveFatesOf(id),
    (id) => life.courier.archiveNotificationIdsOf(id),
  );
  for (const t of tables) {
    const wrong = t.missing + t.extra + t.different;
    if (wrong > 0) problems.push(`${t.table}: ${wrong} row(s) differ`);
  }
  life.log("checking each note and message the product sent landed once");
  problems.push(...(await life.writes.check(life.service.db, () => life.service.sweep())));
  const end = await endState(life.service.db);
  problems.push(...endStateProblems(end));
  // Last: its writes move contacts' updated_at in the sandbox, and it syncs once more.
  const writeback = await checkWriteback(life, sandbox);
  problems.push(...writeback.problems);
  return {
    tables,
    writeback: writeback.figures,
    end,
    companyRuns: await companyRunFigures(life.service.db),
    problems,
  };
}

/** Of these company ids, those the service holds a row of, live or tombstone. */
async function heldRows(life: Lifetime, ids: string[]): Promise<Set<string>> {
  const { rows } = await life.service.db.query<{ id: string }>(
    "select id from companies where workspace_id = $1 and id = any($2::text[])",
    [life.service.workspaceId, ids],
  );
  return new Set(rows.map((r) => r.id));
}
