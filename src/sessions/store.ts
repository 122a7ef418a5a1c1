import { sql } from "drizzle-orm";
import { adminKeyMark } from "../audit/who.ts";
import type { Executor } from "../db/client.ts";
import { dashboardSessions as s } from "../db/schema/sessions.ts";
import { newSessionToken, SESSION_SECONDS, sessionTokenHash, TOUCH_SECONDS } from "./rules.ts";

/** What the session store works with: one deployment's workspace, its secret and its key. */
export interface SessionScope {
  db: Executor;
  workspaceId: string;
  secret: string;
  adminKey: string;
  now: Date;
}

/** Expired rows go at the next sign-in, a day late, so a row is there while its cookie is. */
const PRUNE_AFTER_MS = 24 * 3600 * 1000;
/** More than one, so each sign-in removes more than it adds. */
const PRUNE_LIMIT = 100;

/**
 * Starts a session: stores the token's hash with its expiry and origin, and answers the
 * token for the cookie. Expired sessions of the workspace are pruned in the same statement,
 * which keeps the table at about the sessions of the last day without a purge job.
 */
export async function startSession(
  scope: SessionScope,
  session: { subject: string; fromCountry: string | null; fromAgent: string | null },
): Promise<{ token: string; expiresAt: Date }> {
  const token = newSessionToken();
  const [tokenHash, keyMark] = await Promise.all([
    sessionTokenHash(scope.secret, token),
    adminKeyMark(scope.secret, scope.adminKey),
  ]);
  const expiresAt = new Date(scope.now.getTime() + SESSION_SECONDS * 1000);
  const pruneBefore = new Date(scope.now.getTime() - PRUNE_AFTER_MS);
  await scope.db.execute(sql`
    with pruned as (
      delete from ${s} where token_hash in (
        select token_hash from ${s}
        where workspace_id = ${scope.workspaceId} and expires_at < ${pruneBefore}
        limit ${PRUNE_LIMIT} for update skip locked)
    )
    insert into ${s} (token_hash, workspace_id, subject, key_mark, created_at, last_seen_at,
                      expires_at, from_country, from_agent)
    values (${tokenHash}, ${scope.workspaceId}, ${session.subject}, ${keyMark}, ${scope.now},
            ${scope.now}, ${expiresAt}, ${session.fromCountry}, ${session.fromAgent})`);
  return { token, expiresAt };
}

/**
 * Who a token's session belongs to, or null when there is none: unknown, revoked, expired,
 * another workspace's, or signed in with a key that is no longer the admin key. Marks the
 * session seen, at most once a minute, in the same round trip.
 */
export async function sessionSubject(scope: SessionScope, token: string): Promise<string | null> {
  const [tokenHash, keyMark] = await Promise.all([
    sessionTokenHash(scope.secret, token),
    adminKeyMark(scope.secret, scope.adminKey),
  ]);
  const staleBefore = new Date(scope.now.getTime() - TOUCH_SECONDS * 1000);
  const result = await scope.db.execute<{ subject: string }>(sql`
    with live as (
      select token_hash, subject, last_seen_at from ${s}
      where token_hash = ${tokenHash} and workspace_id = ${scope.workspaceId}
        and key_mark = ${keyMark} and revoked_at is null and expires_at > ${scope.now}
    ), touched as (
      update ${s} set last_seen_at = ${scope.now}
      from live where ${s}.token_hash = live.token_hash and live.last_seen_at < ${staleBefore}
    )
    select subject from live`);
  return result.rows[0]?.subject ?? null;
}

/** Sign-out: the token's session ends for every copy of the cookie. */
export async function revokeSession(scope: SessionScope, token: string): Promise<void> {
  const tokenHash = await sessionTokenHash(scope.secret, token);
  await scope.db.execute(sql`
    update ${s} set revoked_at = ${scope.now}
    where token_hash = ${tokenHash} and workspace_id = ${scope.workspaceId}
      and revoked_at is null`);
}

/** Ends every live session of the workspace; answers how many there were. */
export async function endAllSessions(
  scope: Pick<SessionScope, "db" | "workspaceId" | "now">,
): Promise<number> {
  const result = await scope.db.execute<{ n: number }>(sql`
    with ended as (
      update ${s} set revoked_at = ${scope.now}
      where workspace_id = ${scope.workspaceId} and expires_at > ${scope.now}
        and revoked_at is null
      returning 1
    ) select count(*)::int as n from ended`);
  return Number(result.rows[0]?.n ?? 0);
}
