import type { AuditRow } from "../../audit/record.ts";

/** One audit entry as `GET /v1/audit` shows it. */
export const auditView = (row: AuditRow) => ({
  id: row.id,
  at: row.at,
  action: row.action,
  outcome: row.outcome,
  reason: row.reason,
  actor: { kind: row.actorKind, ref: row.actorRef },
  target: row.target,
  detail: row.detail,
  from: { address: row.fromAddress, country: row.fromCountry },
  request_id: row.requestId,
});
