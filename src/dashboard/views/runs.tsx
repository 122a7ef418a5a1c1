import { SYNC_KINDS } from "../../db/schema/sync.ts";
import type { LatestRuns, RunRow } from "../data/runs.ts";
import { recordsOf } from "../data/runs.ts";
import { duration, num, time } from "./format.ts";

/** Buttons that start a run; the script sends them without leaving the page. */
export function SyncButtons() {
  const modes = ["incremental", "full"] as const;
  return (
    <div class="actions">
      {SYNC_KINDS.flatMap((kind) =>
        modes.map((mode) => (
          <form
            method="post"
            action={`/dashboard/sync/${kind}`}
            data-inline
            data-refresh="runs audit"
          >
            <input type="hidden" name="mode" value={mode} />
            <button type="submit" data-start={`${kind}-${mode}`}>
              Start {mode} {kind} run
            </button>
          </form>
        )),
      )}
    </div>
  );
}

function Progress({ row }: { row: RunRow }) {
  const p = row.progress?.progress;
  if (!p) return null;
  const jobs = p.partJobs;
  return (
    <div class="progress" data-progress={row.run.id}>
      <progress
        max={p.recordsTotal ?? 1}
        value={p.recordsTotal ? Math.min(p.recordsDone, p.recordsTotal) : undefined}
      />
      <span>
        {num(p.recordsDone)} of {p.recordsTotal === null ? "?" : num(p.recordsTotal)} records ·{" "}
        {num(p.recordsPerSecond)}/s ·{" "}
        {p.secondsLeft === null ? "time left unknown" : `${duration(p.secondsLeft)} left`} ·{" "}
        {num(row.run.rateLimited)} × 429 · {num(row.run.failures)} failures
        {jobs ? ` · part jobs ${num(jobs.done)}/${num(jobs.total)}` : ""}
      </span>
    </div>
  );
}

function Failures({ row }: { row: RunRow }) {
  if (row.run.status !== "failed") return null;
  return (
    <div class="failures">
      {row.run.lastError ? <p class="error">{row.run.lastError}</p> : null}
      {row.failures.length > 0 ? (
        <ul>
          {row.failures.map((f) => (
            <li>
              <code>{f.messageKey}</code> {f.error} <span class="muted">{time(f.recordedAt)}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The latest runs of both kinds: what the page polls (`/dashboard/live/runs`). */
export function RunsTable({ runs }: { runs: LatestRuns }) {
  if (runs.rows.length === 0) return <p class="muted">No runs yet.</p>;
  const running = runs.rows.some((r) => r.run.status === "running");
  return (
    <div class="scroll" data-running={running ? "1" : undefined}>
      <table>
        <thead>
          <tr>
            <th>Kind</th>
            <th>Mode</th>
            <th>Trigger</th>
            <th>Status</th>
            <th>Started</th>
            <th>Duration</th>
            <th class="n">Records</th>
            <th class="n">429s</th>
          </tr>
        </thead>
        <tbody>
          {runs.rows.map((row) => (
            <>
              <tr data-run={row.run.id} data-status={row.run.status}>
                <td>{row.run.kind}</td>
                <td>{row.run.mode}</td>
                <td>{row.run.trigger}</td>
                <td>
                  <span class={`badge s-${row.run.status}`}>{row.run.status}</span>
                </td>
                <td>{time(row.run.startedAt)}</td>
                <td>{duration(row.run.durationSeconds)}</td>
                <td class="n">{num(recordsOf(row.run))}</td>
                <td class="n">{num(row.run.rateLimited)}</td>
              </tr>
              {row.progress || row.run.status === "failed" ? (
                <tr class="detail">
                  <td colspan={8}>
                    <Progress row={row} />
                    <Failures row={row} />
                  </td>
                </tr>
              ) : null}
            </>
          ))}
        </tbody>
      </table>
    </div>
  );
}
