import type { HealthReport } from "../../health/check.ts";
import type { GateSnapshot } from "../../intercom/gate/state.ts";
import { num, time } from "./format.ts";

export interface HealthView {
  report: HealthReport;
  /** Null when the gate could not be read. */
  gate: GateSnapshot | null;
  now: Date;
}

const Badge = (props: { status: string }) => (
  <span class={`badge s-${props.status}`}>{props.status}</span>
);

/** Health: what `GET /v1/health` computes, plus the shared rate-limit gate and its breaker. */
export function HealthSection({ report, gate, now }: HealthView) {
  const { database, intercom, webhooks, outbox } = report.checks;
  return (
    <div class="grid">
      <div class="stat">
        <h3>Overall</h3>
        <Badge status={report.status} />
      </div>
      <div class="stat">
        <h3>Database</h3>
        <Badge status={database.status} />
        <p class="muted">
          {database.latency_ms !== undefined ? `${database.latency_ms} ms` : database.error}
        </p>
      </div>
      <div class="stat">
        <h3>Intercom token</h3>
        <Badge status={intercom.status} />
        <p class="muted">{intercom.detail ?? intercom.api_base}</p>
      </div>
      <div class="stat">
        <h3>Rate limit</h3>
        {gate ? (
          <p>
            {gate.windowEndsAt > now.getTime()
              ? `${num(gate.remaining)} calls left this 10 s window`
              : "no calls this window"}{" "}
            · {num(gate.limitPerMinute)}/min · {num(gate.throttled)} waits
          </p>
        ) : (
          <p class="muted">gate unreadable</p>
        )}
      </div>
      <div class="stat">
        <h3>Breaker</h3>
        {gate ? (
          <>
            <Badge status={gate.breaker} />
            <p class="muted">
              {gate.consecutiveFailures} failures in a row
              {gate.breaker === "open" ? ` · open until ${time(new Date(gate.openUntil))}` : ""}
            </p>
          </>
        ) : (
          <p class="muted">–</p>
        )}
      </div>
      <div class="stat">
        <h3>Queue backlog</h3>
        <p>
          webhooks {num(webhooks?.pending)} pending · {num(webhooks?.failed)} failed ·{" "}
          {num(webhooks?.dead)} dead
        </p>
        <p>
          outbox {num(outbox?.pending)} pending · {num(outbox?.failed)} failed · {num(outbox?.dead)}{" "}
          dead
        </p>
      </div>
    </div>
  );
}
