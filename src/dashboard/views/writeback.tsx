import type { AttributeValue, WritebackSample } from "../../db/schema/writeback.ts";
import type { WritebackProgress } from "../../writeback/read.ts";
import { num, time } from "./format.ts";

/**
 * The two starts: the same audited start as `POST /v1/writeback`, with its 409 while a run
 * is planning. The preview comes first: a real run is what it previews.
 */
export function WritebackButtons() {
  return (
    <div class="actions">
      {(
        [
          ["true", "Preview (dry run)"],
          ["false", "Write back now"],
        ] as const
      ).map(([dryRun, label]) => (
        <form
          method="post"
          action="/dashboard/writeback"
          data-inline
          data-refresh="writeback audit"
        >
          <input type="hidden" name="dry_run" value={dryRun} />
          <button type="submit" data-writeback={dryRun === "true" ? "dry-run" : "real"}>
            {label}
          </button>
        </form>
      ))}
    </div>
  );
}

const ended = (row: WritebackProgress) => row.status === "succeeded" || row.status === "failed";

const shown = (value: AttributeValue | undefined) =>
  value === null || value === undefined ? "–" : JSON.stringify(value);

function Progress({ row }: { row: WritebackProgress }) {
  const { run, writes } = row;
  const what =
    row.status === "planning"
      ? run.phase === "attributes"
        ? "checking Intercom's data attributes"
        : `planning ${run.phase}: ${num(run.contactsScanned)} of ${num(run.contactsTotal)} contacts compared`
      : `${num(writes.contactsWritten + writes.companiesWritten)} written, ${num(writes.pending)} waiting in the outbox`;
  return (
    <div class="progress" data-writeback-progress={run.id}>
      <progress max={1} value={row.fraction} />
      <span>
        {Math.round(row.fraction * 100)}% · {what}
      </span>
    </div>
  );
}

/** A dry run's preview: each contact or company with the values a real run would change. */
function Sample({ row }: { row: WritebackProgress }) {
  const { run } = row;
  const planned = run.contactsPlanned + run.companiesPlanned;
  const changes = (s: WritebackSample) =>
    Object.entries(s.new).map(([name, value]) => (
      <div>
        <code>{name}</code> {shown(s.old[name])} → {shown(value)}
      </div>
    ));
  return (
    <details data-sample={run.id}>
      <summary>
        Sample: {num(run.sample.length)} of {num(planned)} that would change, old → new
      </summary>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th>Model</th>
              <th>Intercom id</th>
              <th>Changes</th>
            </tr>
          </thead>
          <tbody>
            {run.sample.map((s) => (
              <tr>
                <td>{s.model}</td>
                <td>
                  <code>{s.intercom_id}</code>
                </td>
                <td>{changes(s)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** What went wrong: the run's error, the writes Intercom refused, the values left out. */
function Problems({ row }: { row: WritebackProgress }) {
  const { run } = row;
  if (!row.error && row.failures.length === 0 && run.refusals.length === 0) return null;
  return (
    <div class="failures">
      {row.error ? <p class="error">{row.error}</p> : null}
      {row.failures.length > 0 || run.refusals.length > 0 ? (
        <ul>
          {row.failures.map((f) => (
            <li>
              {f.model} <code>{f.intercomId}</code> {f.error ?? "no reason recorded"}
            </li>
          ))}
          {run.refusals.map((r) => (
            <li>
              {r.model} <code>{r.intercom_id}</code> left out: {r.error}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * The latest write-back runs (what `GET /v1/writeback` lists): counts of contacts, a run under
 * way with its progress, a failed one with its reasons, a dry run with its sample. The page
 * polls it (`/dashboard/live/writeback`) every second while one is under way.
 */
export function WritebackTable({ runs }: { runs: WritebackProgress[] }) {
  if (runs.length === 0)
    return <p class="muted">No write-back runs yet: a preview writes nothing to Intercom.</p>;
  const running = runs.some((r) => !ended(r));
  return (
    <div class="scroll" data-running={running ? "1" : undefined}>
      <table>
        <thead>
          <tr>
            <th>Started</th>
            <th>Kind</th>
            <th>Trigger</th>
            <th>Status</th>
            <th class="n">Planned</th>
            <th class="n">Written</th>
            <th class="n">Unchanged</th>
            <th class="n">Failed</th>
            <th class="n">Companies</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((row) => {
            const { run, writes } = row;
            const detail =
              !ended(row) ||
              row.error ||
              row.failures.length > 0 ||
              run.refusals.length > 0 ||
              run.sample.length > 0;
            return (
              <>
                <tr data-writeback-run={run.id} data-status={row.status}>
                  <td>{time(run.createdAt)}</td>
                  <td>{run.dryRun ? "dry run" : "real"}</td>
                  <td>{run.trigger}</td>
                  <td>
                    <span class={`badge s-${row.status}`}>{row.status}</span>
                  </td>
                  <td class="n">{num(run.contactsPlanned)}</td>
                  <td class="n">{run.dryRun ? "–" : num(writes.contactsWritten)}</td>
                  <td class="n">{num(run.contactsUnchanged)}</td>
                  <td class="n">{num(writes.failed)}</td>
                  <td class="n">
                    {run.dryRun
                      ? num(run.companiesPlanned)
                      : `${num(writes.companiesWritten)} of ${num(run.companiesPlanned)}`}
                  </td>
                </tr>
                {detail ? (
                  <tr class="detail">
                    <td colspan={9}>
                      {ended(row) ? null : <Progress row={row} />}
                      <Problems row={row} />
                      {run.dryRun && run.sample.length > 0 ? <Sample row={row} /> : null}
                    </td>
                  </tr>
                ) : null}
              </>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
