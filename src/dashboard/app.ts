import { Hono } from "hono";
import { csrf } from "hono/csrf";
import { createMiddleware } from "hono/factory";
import { AppError } from "../shared/errors.ts";
import type { DashboardEnv } from "./env.ts";
import { registerAccountPage } from "./routes/account-page.ts";
import { registerAccountsPage } from "./routes/accounts-page.ts";
import { registerAssets } from "./routes/assets.ts";
import { registerConversationPage } from "./routes/conversation-page.ts";
import { operatorOf } from "./routes/cookie.ts";
import { registerCustomerPage } from "./routes/customer-page.ts";
import { registerCustomerSearch } from "./routes/customer-search.ts";
import { registerDeliveriesReplayDead } from "./routes/deliveries-replay-dead.ts";
import { registerDeliveryReplay } from "./routes/delivery-replay.ts";
import { registerLive } from "./routes/live.tsx";
import { registerOutboxRetry } from "./routes/outbox-retry.ts";
import { registerPage } from "./routes/page.ts";
import { registerSessionsEnd } from "./routes/sessions-end.ts";
import { registerSignIn } from "./routes/sign-in.ts";
import { registerSignOut } from "./routes/sign-out.ts";
import { registerSyncStart } from "./routes/sync-start.ts";
import { registerWritebackStart } from "./routes/writeback-start.ts";
import { signInPage } from "./views/sign-in.tsx";

/** Only what the Worker itself serves; no inline script or style anywhere. */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * Cache-Control, HSTS and framing are the app's, for every answer
 * (src/http/middleware/security-headers.ts).
 */
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

/**
 * The sign-in decision, for every route but sign-in, sign-out and the static assets. Without
 * an operator a page is the sign-in form (200: a visitor's console shows no failed load), and
 * anything else (fragments, actions) is a 401 problem: no data either way.
 */
const signedIn = createMiddleware<DashboardEnv>(async (c, next) => {
  const operator = await operatorOf(c);
  if (!operator) {
    if (c.req.method === "GET" && !c.req.path.startsWith("/dashboard/live/"))
      return c.html(signInPage({}));
    throw new AppError("unauthorized", "sign in to the dashboard first");
  }
  c.set("operator", operator.name);
  c.set("actor", operator.actor);
  await next();
});

/** `/dashboard`: the operator's page, its fragments and its actions (docs/dashboard.md "Dashboard"). */
export function dashboardApp(): Hono<DashboardEnv> {
  const dash = new Hono<DashboardEnv>();
  dash.use(headers);
  dash.use(sameOrigin);
  registerAssets(dash);
  registerSignIn(dash);
  registerSignOut(dash);
  // Everything below needs a session (or a verified Access identity).
  dash.use(signedIn);
  registerPage(dash);
  registerLive(dash);
  registerCustomerPage(dash);
  registerConversationPage(dash);
  registerCustomerSearch(dash);
  registerAccountsPage(dash);
  registerAccountPage(dash);
  registerSyncStart(dash);
  registerWritebackStart(dash);
  registerDeliveryReplay(dash);
  registerDeliveriesReplayDead(dash);
  registerOutboxRetry(dash);
  registerSessionsEnd(dash);
  return dash;
}
