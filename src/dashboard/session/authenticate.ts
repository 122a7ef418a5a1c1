import type { AuditActor } from "../../audit/actions.ts";
import { sessionRef } from "../../audit/who.ts";
import { sessionTokenHash } from "../../sessions/rules.ts";
import { type SessionScope, sessionSubject } from "../../sessions/store.ts";
import { type AccessSettings, accessIdentity } from "../access.ts";

/** Who is signed in, for the page and for the audit log. */
export interface Operator {
  name: string;
  actor: AuditActor;
}

/** How the audit log names a session: the start of its row's key, never the token. */
export async function sessionAuditRef(secret: string, token: string): Promise<string> {
  return sessionRef(await sessionTokenHash(secret, token));
}

interface Credentials {
  /** `Cf-Access-Jwt-Assertion`, when Access put one on the request. */
  accessAssertion: string | undefined;
  /** Access's settings, or null when this deployment has no Access in front of it. */
  access: AccessSettings | null;
  /** The session token the cookie carries, when it has the shape of one. */
  token: string | null;
  /** Only asked for with a token: a request without one costs no database work. */
  sessions: () => SessionScope;
}

/**
 * Who is calling: a verified Cloudflare Access identity, else the subject of the live session
 * the token opens; null for neither. Deciding what a caller without one gets is the router's.
 */
export async function authenticate(credentials: Credentials): Promise<Operator | null> {
  const { accessAssertion, access, token } = credentials;
  if (accessAssertion && access) {
    const identity = await accessIdentity(accessAssertion, access);
    if (identity) return { name: identity, actor: { kind: "access", ref: identity } };
  }
  if (!token) return null;
  const scope = credentials.sessions();
  const subject = await sessionSubject(scope, token);
  if (!subject) return null;
  const ref = await sessionAuditRef(scope.secret, token);
  return { name: subject, actor: { kind: "dashboard_session", ref } };
}
