import { BACKGROUND_LOST_REPLIES } from "./faults.ts";
import type { Lifetime } from "./lifetime.ts";
import type { Profile } from "./profile.ts";
import type { Verdict } from "./verdict.ts";

const pad = (label: string) => label.padEnd(22);
const list = (record: Record<string, number>) =>
  Object.entries(record)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");

/** The soak's figures block, then what differs (first rows per table, field by field). */
export function printFigures(input: {
  seed: number;
  profile: Profile;
  life: Lifetime;
  verdict: Verdict;
  problems: string[];
  wallMs: number;
}) {
  const { seed, profile, life, verdict, problems } = input;
  const f = life.figures;
  const c = life.courier.figures;
  const cr = verdict.companyRuns;
  const mismatches = verdict.tables.reduce((n, t) => n + t.missing + t.extra + t.different, 0);
  const ws = life.sandbox.workspace();
  const lines = [
    "",
    `soak figures (${profile.name})`,
    `${pad("seed")}${seed}   replay: npm run soak --${profile.name === "quick" ? " --quick" : ""} --seed ${seed}`,
    `${pad("data")}${ws.contacts.size} contacts (${profile.users} users + ${profile.leads} leads seeded), ${ws.conversations.size} conversations, ${ws.companies.size} companies (${profile.companies} seeded, ${life.deletedCompanies.size} deleted) at the end`,
    `${pad("runs")}${list(f.runs)}`,
    `${pad("changes")}${list(f.changes)}`,
    `${pad("kills")}Worker ${f.faults.workerKills}, whole stack ${f.faults.stackKills}, Postgres SIGKILL ${f.faults.postgresKills}`,
    `${pad("restarts")}${f.faults.restarts} (Postgres clean restarts ${f.faults.postgresRestarts})`,
    `${pad("Intercom faults")}${list(f.faults.intercomWindows) || "none"}`,
    `${pad("webhooks")}captured ${c.captured}, sent ${c.sent}, duplicated ${c.duplicated}, dropped ${c.dropped}, retried ${c.retried}, abandoned ${c.abandoned}, archive changes re-sent after kills ${c.redelivered}`,
    `${pad("midnight")}${
      f.midnight
        ? `sandbox clock: ${f.midnight.spans.join(", ")} UTC; ${f.midnight.before} changes before its midnight, ${f.midnight.after} after`
        : "no round crossed midnight"
    }`,
    `${pad("outbox writes")}${life.writes.figures.notes} notes and ${life.writes.figures.messages} messages sent through the API (lost replies ${(BACKGROUND_LOST_REPLIES * 100).toFixed(0)} % throughout); rows ${life.writes.figures.settled || "none"}; ${life.writes.figures.found} found in Intercom after a lost answer`,
    `${pad("company runs")}${cr.runs}, the longest ${(cr.longestMs / 1000).toFixed(1)} s; scrolls lost and restarted ${cr.scrollRestarts}, runs that waited for an open scroll ${cr.waitedForScroll}; people reads ${cr.peopleFetches}; tombstoned ${cr.tombstoned}`,
    `${pad("scroll")}${life.scrolls.abandoned} abandoned before their end (expired or broken); the longest wait between two pages ${(life.scrolls.longestGapMs / 1000).toFixed(1)} s (the sandbox expires one unused for ${profile.scrollExpirySeconds} s)`,
    `${pad("rows compared")}${verdict.tables.map((t) => `${t.table} ${t.compared}`).join(", ")}`,
    `${pad("mismatches")}${mismatches}${
      mismatches
        ? ` (${verdict.tables
            .filter((t) => t.missing + t.extra + t.different)
            .map(
              (t) => `${t.table}: ${t.missing} missing, ${t.extra} extra, ${t.different} different`,
            )
            .join("; ")})`
        : ""
    }`,
    `${pad("write-back")}${verdict.writeback.contactsWritten} contacts and ${verdict.writeback.companiesWritten} companies written, ${verdict.writeback.wrong} differing in the sandbox after; planned after an incremental sync ${verdict.writeback.plannedAfterSync} (${verdict.writeback.agedAfterSync} of figures that aged)`,
    `${pad("dead letters")}sync ${verdict.end.deadLetters.sync}, webhooks ${verdict.end.deadLetters.webhooks}, outbox ${verdict.end.deadLetters.outbox}; without a reason ${verdict.end.deadLettersWithoutReason}`,
    `${pad("longest recovery")}${(f.longestRecoveryMs / 1000).toFixed(1)} s from a restart to every cut-off run finished`,
    `${pad("wall time")}${(input.wallMs / 1000).toFixed(0)} s`,
    `${pad("result")}${problems.length === 0 ? "PASS" : "FAIL"}`,
  ];
  for (const p of problems) lines.push(`  - ${p}`);
  for (const t of verdict.tables)
    if (t.examples.length) {
      lines.push(`  ${t.table}, first ${t.examples.length}:`);
      for (const e of t.examples) lines.push(`    ${e}`);
    }
  console.log(lines.join("\n"));
}
