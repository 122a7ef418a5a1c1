import { Hono } from "hono";
import { csrf } from "hono/csrf";
import { createMiddleware } from "hono/factory";
import { AppError } from "../shared/errors.ts";
import type { DashboardEnv } from "./env.ts";
import { registerAssets } from "./routes/assets.ts";
import { requireOperator } from "./routes/cookie.ts";
import { registerSearch } from "./routes/customer-search.ts";
import { registerPages } from "./routes/live.tsx";
import { registerEndSessions, registerSignIn } from "./routes/sign-in.ts";
import { registerQueueActions, registerSyncActions } from "./routes/sync-start.ts";

/** Only what the Worker itself serves; no inline script or style anywhere. */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Cache-Control, HSTS and framing are the app's, for every answer (src/http/security-headers.ts). */
const headers = createMiddleware<DashboardEnv>(async (c, next) => {
  await next();
  c.header("content-security-policy", CSP);
  c.header("x-content-type-options", "nosniff");
  c.header("referrer-policy", "same-origin");
});

const checkOrigin = csrf();
/** Form posts from another origin are refused (SameSite=Strict already keeps the cookie off them). */
const sameOrigin = createMiddleware<DashboardEnv>(async (c, next) => {
  try {
    await checkOrigin(c, async () => {});
  } catch {
    throw new AppError("forbidden", "form posts to the dashboard must come from the dashboard");
  }
  await next();
});

/** `/dashboard`: the operator's page, its fragments and its actions (README "Dashboard"). */
export function dashboardApp(): Hono<DashboardEnv> {
  const dash = new Hono<DashboardEnv>();
  dash.use(headers);
  dash.use(sameOrigin);
  registerAssets(dash);
  registerSignIn(dash);
  // Everything below needs a session (or a verified Access identity).
  dash.use(requireOperator);
  registerPages(dash);
  registerSearch(dash);
  registerSyncActions(dash);
  registerQueueActions(dash);
  registerEndSessions(dash);
  return dash;
}
