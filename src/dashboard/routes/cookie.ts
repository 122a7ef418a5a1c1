import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import {
  isSessionToken,
  SESSION_COOKIE,
  SESSION_SECONDS,
  sessionOrigin,
} from "../../sessions/rules.ts";
import {
  revokeSession,
  type SessionScope,
  startSession as storeSession,
} from "../../sessions/store.ts";
import type { DashboardEnv } from "../env.ts";
import { authenticate, type Operator, sessionAuditRef } from "../session/authenticate.ts";

type DashboardContext = Context<DashboardEnv>;

const cookieOptions = (c: DashboardContext) => ({
  path: "/dashboard",
  httpOnly: true,
  // Browsers keep Secure cookies from http://127.0.0.1 too, but wrangler dev is plain http.
  secure: c.var.services.config.ENVIRONMENT !== "local",
  sameSite: "Strict" as const,
});

export function sessionScope(c: DashboardContext): SessionScope {
  const { config, clock, db } = c.var.services;
  return {
    db: db(),
    workspaceId: config.INTERCOM_WORKSPACE_ID,
    secret: config.DASHBOARD_SESSION_SECRET,
    adminKey: config.ADMIN_API_KEY,
    now: clock.now(),
  };
}

/** The session token the cookie carries, if it has the shape of one. */
const tokenOf = (c: DashboardContext) => {
  const value = getCookie(c, SESSION_COOKIE);
  return isSessionToken(value) ? value : null;
};

const refOf = (c: DashboardContext, token: string) =>
  sessionAuditRef(c.var.services.config.DASHBOARD_SESSION_SECRET, token);

/** Starts a session and sets its cookie; answers the session's audit reference. */
export async function startSession(c: DashboardContext, subject: string): Promise<string> {
  const cf = (c.req.raw as { cf?: { country?: unknown } }).cf;
  const { token } = await storeSession(sessionScope(c), {
    subject,
    ...sessionOrigin(cf?.country, c.req.header("user-agent")),
  });
  setCookie(c, SESSION_COOKIE, token, { ...cookieOptions(c), maxAge: SESSION_SECONDS });
  return refOf(c, token);
}

/**
 * Sign-out: the session ends for every copy of the cookie, and this browser forgets it.
 * Answers the ended session's audit reference (null without a cookie).
 */
export async function endSession(c: DashboardContext): Promise<string | null> {
  const token = tokenOf(c);
  if (token) await revokeSession(sessionScope(c), token);
  deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
  return token ? refOf(c, token) : null;
}

/** Who is signed in: the request's Access assertion and cookie, as the session module reads them. */
export function operatorOf(c: DashboardContext): Promise<Operator | null> {
  const { config } = c.var.services;
  const access =
    config.CF_ACCESS_TEAM_DOMAIN && config.CF_ACCESS_AUD
      ? {
          teamUrl: config.CF_ACCESS_TEAM_DOMAIN,
          audience: config.CF_ACCESS_AUD,
          certsUrl: config.CF_ACCESS_CERTS_URL,
        }
      : null;
  return authenticate({
    accessAssertion: c.req.header("cf-access-jwt-assertion"),
    access,
    token: tokenOf(c),
    sessions: () => sessionScope(c),
  });
}
