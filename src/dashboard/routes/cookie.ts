import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { AuditActor } from "../../audit/actions.ts";
import { sessionRef } from "../../audit/who.ts";
import { AppError } from "../../shared/errors.ts";
import { accessIdentity } from "../access.ts";
import type { DashboardEnv } from "../env.ts";
import {
  isSessionToken,
  SESSION_COOKIE,
  SESSION_SECONDS,
  sessionOrigin,
  sessionTokenHash,
} from "../session/rules.ts";
import {
  revokeSession,
  type SessionScope,
  sessionSubject,
  startSession as storeSession,
} from "../session/store.ts";
import { signInPage } from "../views/sign-in.tsx";

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

/** How the audit log names a session: the start of its row's key, never the token. */
const refOf = async (c: DashboardContext, token: string) =>
  sessionRef(await sessionTokenHash(c.var.services.config.DASHBOARD_SESSION_SECRET, token));

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

/** Who is signed in, for the page and for the audit log. */
export interface Operator {
  name: string;
  actor: AuditActor;
}

/** Who is signed in: a verified Cloudflare Access identity, else a live session. */
export async function operatorOf(c: DashboardContext): Promise<Operator | null> {
  const { config } = c.var.services;
  const assertion = c.req.header("cf-access-jwt-assertion");
  if (assertion && config.CF_ACCESS_TEAM_DOMAIN && config.CF_ACCESS_AUD) {
    const identity = await accessIdentity(assertion, {
      teamUrl: config.CF_ACCESS_TEAM_DOMAIN,
      audience: config.CF_ACCESS_AUD,
      certsUrl: config.CF_ACCESS_CERTS_URL,
    });
    if (identity) return { name: identity, actor: { kind: "access", ref: identity } };
  }
  const token = tokenOf(c);
  const subject = token ? await sessionSubject(sessionScope(c), token) : null;
  if (!token || !subject) return null;
  return { name: subject, actor: { kind: "dashboard_session", ref: await refOf(c, token) } };
}

/**
 * Every dashboard route but sign-in and the static assets. Without a session a page is the
 * sign-in form (200: a visitor's console shows no failed load), and anything else (fragments,
 * actions) is a 401 problem: no data either way.
 */
export const requireOperator = createMiddleware<DashboardEnv>(async (c, next) => {
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
