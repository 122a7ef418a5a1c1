import type { Hono } from "hono";
import { audited } from "../../audit/auditor.ts";
import { checkAdminKey } from "../../http/admin-auth.ts";
import { requestAuditor } from "../../http/audit.ts";
import { AppError } from "../../shared/errors.ts";
import type { DashboardEnv } from "../env.ts";
import { endAllSessions } from "../session/store.ts";
import { signInPage } from "../views/sign-in.tsx";
import { endSession, operatorOf, sessionScope, startSession } from "./cookie.ts";
import { readForm } from "./form.ts";

/** `POST /dashboard/sign-in` (the admin key, under the admin failure throttle) and sign-out. */
export function registerSignIn(dash: Hono<DashboardEnv>) {
  dash.post("/sign-in", async (c) => {
    const form = await readForm(c);
    const key = form.key;
    let valid: boolean;
    try {
      valid = await checkAdminKey(c.var.services, c.req.header("cf-connecting-ip"), key);
    } catch (error) {
      if (!(error instanceof AppError) || error.kind !== "rate_limited") throw error;
      c.header("retry-after", String(error.retryAfterSeconds ?? 60));
      return c.html(signInPage({ error: "Too many failed attempts. Wait a minute." }), 429);
    }
    if (!valid) return c.html(signInPage({ error: "That is not the admin key." }), 401);
    // Failed attempts are not entries: the throttle counts them, and recording each would
    // let anyone fill the log. The actor is the key; the target, the session it opened.
    await audited(await requestAuditor(c), "session.sign_in", () => startSession(c, "admin key"), {
      describe: (ref) => ({ target: ref }),
    });
    return c.redirect("/dashboard", 303);
  });
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

/**
 * `POST /dashboard/sessions/end`, for a signed-in operator: what `DELETE /v1/sessions` does.
 * This browser's session ends with the others.
 */
export function registerEndSessions(dash: Hono<DashboardEnv>) {
  dash.post("/sessions/end", async (c) => {
    await audited(
      await requestAuditor(c, c.var.actor),
      "sessions.end_all",
      () => endAllSessions(sessionScope(c)),
      { describe: (ended) => ({ detail: { ended } }) },
    );
    await endSession(c);
    return c.redirect("/dashboard", 303);
  });
}
