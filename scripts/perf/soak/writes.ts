import { OPEN_STATUSES } from "../../../src/db/statuses.ts";
import type { Sandbox } from "../../sandbox/server.ts";
import type { Queryable } from "../db.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** How long the soak keeps asking the API to take one write (the Worker may be down). */
const ACCEPT_PATIENCE_MS = 60_000;
/** How long the outbox may take to settle once the faults are over. */
const SETTLE_LIMIT_MS = 4 * 60_000;

interface Sent {
  kind: "note" | "message";
  contactId: string;
  body: string;
  rowId: string | null;
}

/**
 * The product's notes and messages, sent through the API all through the lifetime (faults,
 * lost replies and kills included), then checked against what Intercom shows: each exactly
 * once. The table comparison cannot see a duplicate: a note is never copied into Postgres, and
 * a message's second conversation would be synced like the first.
 */
export class OutboxWrites {
  private readonly sent: Sent[] = [];
  private ticks = 0;
  private inFlight: Promise<void> | null = null;
  readonly figures = { notes: 0, messages: 0, refused: 0, found: 0, settled: "" };

  private readonly baseUrl: () => string;
  private readonly adminKey: string;
  private readonly sandbox: Sandbox;
  private readonly random: () => number;
  private readonly tag: string;

  constructor(
    baseUrl: () => string,
    adminKey: string,
    sandbox: Sandbox,
    random: () => number,
    tag: string,
  ) {
    this.baseUrl = baseUrl;
    this.adminKey = adminKey;
    this.sandbox = sandbox;
    this.random = random;
    this.tag = tag;
  }

  /**
   * Starts the next write unless one is still being accepted (the Worker may be down): the
   * caller's loop, which also delivers webhooks, never waits for it.
   */
  tick(): void {
    this.inFlight ??= this.write().finally(() => {
      this.inFlight = null;
    });
  }

  /** One note, or every fourth time a message, to a user the sandbox has now. */
  private async write(): Promise<void> {
    const ws = this.sandbox.workspace();
    const users = ws.contactOrder.filter((id) => {
      const c = ws.contacts.get(id);
      return c && c.role === "user" && !c.mergedInto;
    });
    if (users.length === 0) return;
    const contactId = users[Math.floor(this.random() * users.length)] as string;
    const n = this.ticks++;
    const message = n % 4 === 3;
    const body = `Soak ${message ? "message" : "note"} ${this.tag}-${n}`;
    const write: Sent = { kind: message ? "message" : "note", contactId, body, rowId: null };
    this.sent.push(write);
    const [path, payload] = message
      ? ["/v1/messages", { id: contactId, type: "inapp", body, from_admin_id: ws.admins[0]?.id }]
      : [`/v1/contacts/${contactId}/notes?by=id`, { body }];
    write.rowId = await this.accept(path, payload, `soak-${this.tag}-${n}`);
    if (!write.rowId) this.figures.refused += 1;
    else if (message) this.figures.messages += 1;
    else this.figures.notes += 1;
  }

  /** Posts until the API stores it: the same Idempotency-Key makes a repeat the same row. */
  private async accept(path: string, body: unknown, key: string): Promise<string | null> {
    const deadline = Date.now() + ACCEPT_PATIENCE_MS;
    while (Date.now() < deadline) {
      const res = await fetch(`${this.baseUrl()}${path}`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${this.adminKey}`,
          "content-type": "application/json",
          "idempotency-key": key,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      }).catch(() => null);
      if (res?.status === 202)
        return ((await res.json()) as { data: Array<{ id: string }> }).data[0]?.id ?? null;
      // The contact went (deleted, merged) before we wrote: nothing to deliver.
      if (res && res.status >= 400 && res.status < 500) return null;
      await sleep(1000);
    }
    return null;
  }

  /**
   * Waits for every row to settle (sweeping as the cron would), then counts each write in the
   * sandbox. A write to a contact the sandbox no longer has may rightly end dead (Intercom
   * answers 404) or cancelled (the `contact.deleted` webhook erased the person while the row
   * waited); any other row must be delivered, and each text present exactly once.
   */
  async check(db: Queryable, sweep: () => Promise<unknown>): Promise<string[]> {
    await this.inFlight;
    const ids = this.sent.flatMap((s) => (s.rowId ? [s.rowId] : []));
    const deadline = Date.now() + SETTLE_LIMIT_MS;
    type Row = { id: string; status: string; found: boolean; conversation: string | null };
    let rows = new Map<string, Row>();
    for (let i = 0; ; i++) {
      const { rows: found } = await db.query<Row>(
        `select id::text, status, coalesce((result ->> 'found')::boolean, false) as found,
           result ->> 'conversation_id' as conversation
         from outbox_messages where id = any($1::uuid[])`,
        [ids],
      );
      rows = new Map(found.map((r) => [r.id, r]));
      const open = found.filter((r) =>
        (OPEN_STATUSES as readonly string[]).includes(r.status),
      ).length;
      if (open === 0 || Date.now() > deadline) break;
      if (i % 20 === 19) await sweep();
      await sleep(1000);
    }
    const statuses: Record<string, number> = {};
    for (const r of rows.values()) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    this.figures.settled = Object.entries(statuses)
      .map(([s, n]) => `${s} ${n}`)
      .join(", ");
    this.figures.found = [...rows.values()].filter((r) => r.found).length;
    const ws = this.sandbox.workspace();
    // The soak's own changes delete conversations at random, a message's among them.
    const deleted = new Set(ws.deletedConversations.map((d) => d.id));
    const text = (html: string) => html.replace(/<[^>]*>/g, "");
    const problems: string[] = [];
    for (const s of this.sent) {
      if (!s.rowId) continue;
      const row = rows.get(s.rowId);
      const gone = !ws.contacts.has(s.contactId);
      const endedForGone = row?.status === "dead" || row?.status === "cancelled";
      if (row?.status !== "delivered" && !(gone && endedForGone)) {
        problems.push(`${s.kind} ${s.body}: row ${s.rowId} ${row?.status ?? "missing"}`);
        continue;
      }
      const times =
        s.kind === "note"
          ? (ws.notes.get(s.contactId) ?? []).filter((n) => text(n.body) === s.body).length
          : [...ws.conversations.values()].filter((c) => c.opening?.body === s.body).length;
      const deletedSince = row?.conversation ? deleted.has(row.conversation) : false;
      // A row an erasure cancelled while unsure may have landed once before it was.
      if (times > 1 || (row?.status === "delivered" && times + (deletedSince ? 1 : 0) !== 1))
        problems.push(`${s.kind} ${s.body}: ${times} time(s) in Intercom (row ${row?.status})`);
    }
    return problems;
  }
}
