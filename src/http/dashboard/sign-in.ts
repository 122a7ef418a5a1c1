import type { Hono } from "hono";
import { endAllSessions } from "../../dashboard/sessions.ts";
import { AppError } from "../../shared/errors.ts";
import { checkAdminKey } from "../admin-auth.ts";
import type { DashboardEnv } from "./env.ts";
import { readForm } from "./form.ts";
import { endSession, sessionScope, startSession } from "./session.ts";
import { signInPage } from "./views/sign-in.tsx";

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
    await startSession(c, "admin key");
    return c.redirect("/dashboard", 303);
  });
  dash.post("/sign-out", async (c) => {
    await endSession(c);
    return c.redirect("/dashboard", 303);
  });
}

/**
 * `POST /dashboard/sessions/end`, for a signed-in operator: what `DELETE /v1/sessions` does.
 * This browser's session ends with the others.
 */
export function registerEndSessions(dash: Hono<DashboardEnv>) {
  dash.post("/sessions/end", async (c) => {
    await endAllSessions(sessionScope(c));
    await endSession(c);
    return c.redirect("/dashboard", 303);
  });
}
