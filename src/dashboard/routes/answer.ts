import type { Context } from "hono";
import { requestAuditor } from "../../http/audit.ts";
import type { DashboardEnv } from "../env.ts";

/**
 * The script sends forms with `x-dashboard-inline` and shows the message; a plain form post
 * (no script) goes back to the section it came from.
 */
export function answer(
  c: Context<DashboardEnv>,
  message: string,
  section: string,
  status: 200 | 202 = 200,
) {
  if (c.req.header("x-dashboard-inline")) return c.json({ message }, status);
  return c.redirect(`/dashboard#${section}`, 303);
}

/** This operator's audit log: every action records one entry (src/audit/). */
export const auditor = (c: Context<DashboardEnv>) => requestAuditor(c, c.var.actor);
