import type { AuditEntries } from "../data/audit.ts";
import { time } from "./format.ts";

const ACTOR: Record<string, string> = {
  admin_key: "admin key",
  dashboard_session: "session",
  access: "Access",
};

/**
 * The latest operator actions: what `GET /v1/audit` lists, re-fetched after each action of
 * this page (`/dashboard/live/audit`). References only: no key, cookie or person is in them.
 */
export function AuditSection({ entries }: { entries: AuditEntries }) {
  if (entries.length === 0) return <p class="muted">No operator actions recorded yet.</p>;
  return (
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th>When</th>
            <th>Action</th>
            <th>Outcome</th>
            <th>Who</th>
            <th>Target</th>
            <th>From</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr data-audit={e.action} data-target={e.target ?? undefined}>
              <td>{time(e.at)}</td>
              <td>{e.action}</td>
              <td>
                <span class={`badge s-${e.outcome}`}>{e.outcome}</span>
                {e.reason ? <span class="muted"> {e.reason}</span> : null}
              </td>
              <td>
                {ACTOR[e.actorKind] ?? e.actorKind} {e.actorRef ? <code>{e.actorRef}</code> : null}
              </td>
              <td>{e.target ? <code>{e.target}</code> : <span class="muted">–</span>}</td>
              <td>{e.fromCountry ?? <span class="muted">–</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
