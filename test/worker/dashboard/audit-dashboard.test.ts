import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { LOCAL_SESSION_SECRET } from "../../../src/config/production.ts";
import { sessionTokenHash } from "../../../src/sessions/rules.ts";
import {
  adminKeyRef,
  auditWorkspace,
  deadDelivery,
  deadOutboxRow,
  oneNewEntry,
} from "../../support/audit.ts";
import { insertRun } from "../../support/retention.ts";
import { expectStatus } from "../../support/status.ts";
import { ADMIN_KEY, BASE } from "../../support/webhooks.ts";

/**
 * The dashboard's actions record the session that did them (the start of its row's key),
 * signing in records the key and the session it opened, and no entry holds the cookie.
 */
const ws = auditWorkspace("dash");
afterAll(() => ws.services.close());

const form = (body: string, cookie?: string): RequestInit => ({
  method: "POST",
  headers: {
    origin: BASE,
    "content-type": "application/x-www-form-urlencoded",
    "x-dashboard-inline": "1",
    ...(cookie ? { cookie } : {}),
  },
  body,
  redirect: "manual",
});

/** Signs in; answers the cookie and the session's reference as the log should name it. */
async function signIn() {
  const res = await ws.send("/dashboard/sign-in", form(`key=${ADMIN_KEY}`));
  await expectStatus(res, 303);
  const token = /^dashboard_session=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1] ?? "";
  const ref = (await sessionTokenHash(LOCAL_SESSION_SECRET, token)).slice(0, 16);
  return { cookie: `dashboard_session=${token}`, token, ref };
}

describe("the audit log of dashboard actions", () => {
  it("session.sign_in: the key signed in, the session is the target, the cookie is nowhere", async () => {
    const before = (await ws.rows()).length;
    const session = await signIn();
    const row = await oneNewEntry(ws, before, [session.token]);
    expect(row).toMatchObject({
      action: "session.sign_in",
      outcome: "ok",
      actor_kind: "admin_key",
      actor_ref: await adminKeyRef(),
      target: session.ref,
    });
    // The reference finds the session's row.
    const found = await ws.services.db().execute(sql`
      select 1 from dashboard_sessions where workspace_id = ${ws.id}
        and starts_with(token_hash, ${session.ref})`);
    expect(found.rows).toHaveLength(1);
    // A wrong key is the throttle's business, not an entry.
    await expectStatus(await ws.send("/dashboard/sign-in", form("key=wrong")), 401);
    expect(await ws.rows()).toHaveLength(before + 1);
  });

  it("replay, retry and a refused sync start: one entry each, by the session", async () => {
    const session = await signIn();
    const email = `lin.${crypto.randomUUID().slice(0, 8)}@example.com`;
    const userId = `u_dash_${crypto.randomUUID()}`;
    const key = await deadDelivery(ws, email);
    const outboxId = await deadOutboxRow(ws, userId);
    const actor = { actor_kind: "dashboard_session", actor_ref: session.ref };
    const personal = [email, userId, session.token];
    const topic = `audit.none.${crypto.randomUUID().slice(0, 8)}`;

    let before = (await ws.rows()).length;
    const replay = `workspace_id=${ws.id}&delivery_key=${encodeURIComponent(key)}`;
    await expectStatus(
      await ws.send("/dashboard/deliveries/replay", form(replay, session.cookie)),
      202,
    );
    expect(await oneNewEntry(ws, before, personal)).toMatchObject({
      ...actor,
      action: "webhook.replay",
      outcome: "ok",
      target: key,
    });

    before += 1;
    await expectStatus(
      await ws.send("/dashboard/outbox/retry", form(`id=${outboxId}`, session.cookie)),
      202,
    );
    expect(await oneNewEntry(ws, before, personal)).toMatchObject({
      ...actor,
      action: "outbox.retry",
      target: outboxId,
    });

    before += 1;
    await expectStatus(
      // A topic nobody sends: the button replays every workspace's dead deliveries, and other
      // test files keep theirs dead on purpose.
      await ws.send("/dashboard/deliveries/replay-dead", form(`topic=${topic}`, session.cookie)),
      202,
    );
    expect(await oneNewEntry(ws, before, personal)).toMatchObject({
      ...actor,
      action: "webhook.replay_bulk",
      detail: { status: "dead", topic, replayed: 0, more: false },
    });

    before += 1;
    const running = await insertRun(ws.services.db(), ws.id, {
      status: "running",
      finishedAt: new Date(),
    });
    try {
      const start = await ws.send("/dashboard/sync/contacts", form("mode=full", session.cookie));
      await expectStatus(start, 409);
      expect(await oneNewEntry(ws, before, personal)).toMatchObject({
        ...actor,
        action: "sync.start",
        outcome: "refused",
        reason: "conflict",
        detail: { kind: "contacts", mode: "full" },
      });
    } finally {
      await ws.services.db().execute(sql`delete from sync_partitions where run_id = ${running}`);
      await ws.services.db().execute(sql`delete from sync_runs where id = ${running}`);
    }

    // Without a session: 401 and no entry.
    before += 1;
    await expectStatus(await ws.send("/dashboard/outbox/retry", form(`id=${outboxId}`)), 401);
    expect(await ws.rows()).toHaveLength(before);
  });

  it("session.sign_out and sessions.end_all: by the session, naming what ended", async () => {
    const mine = await signIn();
    let before = (await ws.rows()).length;
    await expectStatus(await ws.send("/dashboard/sign-out", form("", mine.cookie)), 303);
    expect(await oneNewEntry(ws, before, [mine.token])).toMatchObject({
      action: "session.sign_out",
      actor_kind: "dashboard_session",
      actor_ref: mine.ref,
      target: mine.ref,
    });
    // Signing out again with the dead cookie is no one's action.
    before += 1;
    await expectStatus(await ws.send("/dashboard/sign-out", form("", mine.cookie)), 303);
    expect(await ws.rows()).toHaveLength(before);

    await signIn();
    const other = await signIn();
    before += 2;
    await expectStatus(await ws.send("/dashboard/sessions/end", form("", other.cookie)), 303);
    const row = await oneNewEntry(ws, before, [other.token]);
    expect(row).toMatchObject({
      action: "sessions.end_all",
      actor_kind: "dashboard_session",
      actor_ref: other.ref,
    });
    expect((row.detail as { ended: number }).ended).toBeGreaterThanOrEqual(2);
  });
});
