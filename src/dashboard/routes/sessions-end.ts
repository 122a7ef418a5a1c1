import type { Hono } from "hono";
import { audited } from "../../audit/auditor.ts";
import { endAllSessions } from "../../sessions/store.ts";
import type { DashboardEnv } from "../env.ts";
import { auditor } from "./answer.ts";
import { endSession, sessionScope } from "./cookie.ts";

/**
 * `POST /dashboard/sessions/end`, for a signed-in operator: what `DELETE /v1/sessions` does.
 * This browser's session ends with the others.
 */
export function registerSessionsEnd(dash: Hono<DashboardEnv>) {
  dash.post("/sessions/end", async (c) => {
    await audited(await auditor(c), "sessions.end_all", () => endAllSessions(sessionScope(c)), {
      describe: (ended) => ({ detail: { ended } }),
    });
    await endSession(c);
    return c.redirect("/dashboard", 303);
  });
}
