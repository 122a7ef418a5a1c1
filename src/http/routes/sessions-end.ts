import { createRoute } from "@hono/zod-openapi";
import { audited } from "../../audit/auditor.ts";
import { endAllSessions } from "../../sessions/store.ts";
import { requireAdmin } from "../middleware/admin-auth.ts";
import { ADMIN_SECURITY, adminProblems, json } from "../schemas/common.ts";
import { SessionsEnded } from "../schemas/sessions.ts";
import { requestAuditor } from "../support/audit.ts";
import { routeApp } from "../support/route-app.ts";

const route = createRoute({
  method: "delete",
  path: "/v1/sessions",
  tags: ["Operator"],
  summary: "End every dashboard session (each browser signed in with the key must sign in again)",
  description:
    "For a key that leaked or a lost laptop. Rotating `ADMIN_API_KEY` or `DASHBOARD_SESSION_SECRET` ends them too. Cloudflare Access identities hold no session: Access signs them out.",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  responses: {
    200: json(SessionsEnded, "Ended; 0 when none was live"),
    ...adminProblems,
  },
});

export const sessionsEnd = routeApp().openapi(route, async (c) => {
  const { db, config, clock } = c.var.services;
  const ended = await audited(
    await requestAuditor(c),
    "sessions.end_all",
    () => endAllSessions({ db: db(), workspaceId: config.INTERCOM_WORKSPACE_ID, now: clock.now() }),
    { describe: (n) => ({ detail: { ended: n } }) },
  );
  return c.json({ ended }, 200);
});
