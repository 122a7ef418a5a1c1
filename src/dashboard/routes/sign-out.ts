import type { Hono } from "hono";
import { audited } from "../../audit/auditor.ts";
import { requestAuditor } from "../../http/audit.ts";
import type { DashboardEnv } from "../env.ts";
import { endSession, operatorOf } from "./cookie.ts";

/** `POST /dashboard/sign-out`: this browser's session ends, for every copy of its cookie. */
export function registerSignOut(dash: Hono<DashboardEnv>) {
  dash.post("/sign-out", async (c) => {
    // Signing out needs no live session (it only clears the cookie then), but only an
    // operator's sign-out is an action to record.
    const operator = await operatorOf(c);
    if (!operator) await endSession(c);
    else
      await audited(
        await requestAuditor(c, operator.actor),
        "session.sign_out",
        () => endSession(c),
        {
          describe: (ref) => ({ target: ref }),
        },
      );
    return c.redirect("/dashboard", 303);
  });
}
