import type { Hono } from "hono";
import { audited } from "../../audit/auditor.ts";
import { checkAdminKey } from "../../http/admin-auth.ts";
import { requestAuditor } from "../../http/audit.ts";
import { AppError } from "../../shared/errors.ts";
import type { DashboardEnv } from "../env.ts";
import { signInPage } from "../views/sign-in.tsx";
import { startSession } from "./cookie.ts";
import { readForm } from "./form.ts";

/** `POST /dashboard/sign-in`: the admin key, under the admin failure throttle. */
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
}
