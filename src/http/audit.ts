import type { Context } from "hono";
import type { AuditActor } from "../audit/actions.ts";
import type { Auditor } from "../audit/auditor.ts";
import { adminKeyActor, auditOrigin } from "../audit/who.ts";
import { auditorFor } from "../deps.ts";
import type { AppEnv } from "./app-env.ts";

/**
 * The audit log for this request (src/audit/). `actor` is the dashboard's signed-in operator;
 * without it the caller is the bearer admin key, which requireAdmin has just checked.
 */
export async function requestAuditor<E extends AppEnv>(
  c: Context<E>,
  actor?: AuditActor,
): Promise<Auditor> {
  const { services, requestId } = c.var;
  const secret = services.config.DASHBOARD_SESSION_SECRET;
  const cf = (c.req.raw as { cf?: { country?: unknown } }).cf;
  const [who, origin] = await Promise.all([
    actor ?? adminKeyActor(secret, services.config.ADMIN_API_KEY),
    auditOrigin(secret, c.req.header("cf-connecting-ip"), cf?.country),
  ]);
  return auditorFor(services, { actor: who, origin, requestId: requestId ?? null });
}
