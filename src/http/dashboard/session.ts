import type { Context } from "hono";
import { deleteCookie, getSignedCookie, setSignedCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { accessIdentity } from "../../dashboard/access.ts";
import {
  readSession,
  SESSION_COOKIE,
  SESSION_SECONDS,
  sessionSecret,
  sessionValue,
} from "../../dashboard/session.ts";
import { AppError } from "../../shared/errors.ts";
import type { DashboardEnv } from "./env.ts";
import { signInPage } from "./views/sign-in.tsx";

type DashboardContext = Context<DashboardEnv>;

const cookieOptions = (c: DashboardContext) => ({
  path: "/dashboard",
  httpOnly: true,
  // Browsers keep Secure cookies from http://127.0.0.1 too, but wrangler dev is plain http.
  secure: c.var.services.config.ENVIRONMENT !== "local",
  sameSite: "Strict" as const,
});

export async function startSession(c: DashboardContext, subject: string) {
  const secret = await sessionSecret(c.var.services.config);
  const value = sessionValue(subject, c.var.services.clock.now());
  await setSignedCookie(c, SESSION_COOKIE, value, secret, {
    ...cookieOptions(c),
    maxAge: SESSION_SECONDS,
  });
}

export function endSession(c: DashboardContext) {
  deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
}

/** Who is signed in: a verified Cloudflare Access identity, else a valid session cookie. */
export async function operatorOf(c: DashboardContext): Promise<string | null> {
  const { config, clock } = c.var.services;
  const assertion = c.req.header("cf-access-jwt-assertion");
  if (assertion && config.CF_ACCESS_TEAM_DOMAIN && config.CF_ACCESS_AUD) {
    const identity = await accessIdentity(assertion, {
      teamUrl: config.CF_ACCESS_TEAM_DOMAIN,
      audience: config.CF_ACCESS_AUD,
      certsUrl: config.CF_ACCESS_CERTS_URL,
    });
    if (identity) return identity;
  }
  const signed = await getSignedCookie(c, await sessionSecret(config), SESSION_COOKIE);
  return signed ? (readSession(signed, clock.now())?.subject ?? null) : null;
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
  c.set("operator", operator);
  await next();
});
