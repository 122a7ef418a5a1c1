import type { Notification } from "../../sandbox/server.ts";
import { postNotification, redeliveryBody } from "../../sandbox/webhooks-out.ts";

/**
 * Intercom's side of webhooks, made unreliable on purpose: every notification the sandbox
 * emits is captured here and delivered later, out of order, some twice, some never. Dropped
 * ones are what only a sync can repair; `contact.archived`/`contact.unarchived` are never
 * dropped, because no Intercom API shows a contact's archived state (the 2.16 contact has no
 * such field), so nothing but the webhook could ever repair them.
 */
const UNREPAIRABLE = new Set(["contact.archived", "contact.unarchived"]);
const DROP_RATE = 0.1;
const DUPLICATE_RATE = 0.1;
const HOLD_BACK_RATE = 0.2;
const MAX_ATTEMPTS = 40;
const CONCURRENCY = 8;

interface Pending {
  notification: Notification;
  attempts: number;
}

/** How far back a Worker kill can lose acknowledged notifications from the local queue. */
const LOCAL_QUEUE_LOSS_MS = 60_000;

export class Courier {
  private pending: Pending[] = [];
  private recentUnrepairable: Array<{ at: number; notification: Notification }> = [];
  /** Every archive notification acknowledged, to check against what Postgres stored. */
  private acknowledgedUnrepairable = new Map<string, Notification>();
  /** What became of each archive notification, by contact id: the lead when one goes missing. */
  private readonly archiveFates = new Map<
    string,
    Array<{ notificationId: string; what: string }>
  >();
  readonly figures = {
    captured: 0,
    sent: 0,
    duplicated: 0,
    dropped: 0,
    retried: 0,
    abandoned: 0,
    redelivered: 0,
  };

  private readonly random: () => number;
  private readonly target: () => { url: string; secret: string };

  constructor(random: () => number, target: () => { url: string; secret: string }) {
    this.random = random;
    this.target = target;
  }

  /** Called by the sandbox for each change. */
  capture = (notification: Notification) => {
    this.figures.captured += 1;
    this.noteArchive(notification, "captured");
    if (!UNREPAIRABLE.has(notification.topic) && this.random() < DROP_RATE) {
      this.figures.dropped += 1;
      return;
    }
    this.pending.push({ notification, attempts: 0 });
    if (this.random() < DUPLICATE_RATE) {
      this.figures.duplicated += 1;
      this.pending.push({ notification, attempts: 0 });
    }
  };

  get backlog() {
    return this.pending.length;
  }

  /**
   * Delivers what is pending in a shuffled order, holding some back for a later flush
   * (`everything` sends all). A delivery the Worker does not acknowledge (down, 5xx) stays
   * pending, as Intercom retries; after MAX_ATTEMPTS it is abandoned and counted.
   */
  async flush(everything = false): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    for (let i = batch.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [batch[i], batch[j]] = [batch[j] as Pending, batch[i] as Pending];
    }
    const queue: Pending[] = [];
    for (const item of batch) {
      if (everything || this.random() >= HOLD_BACK_RATE) queue.push(item);
      else this.pending.push(item);
    }
    const worker = async () => {
      for (let item = queue.shift(); item; item = queue.shift()) await this.deliver(item);
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }

  private async deliver(item: Pending) {
    item.attempts += 1;
    // A retry of one the Worker did not take says so, as Intercom's do.
    const body =
      item.attempts > 1 ? redeliveryBody(item.notification, item.attempts) : item.notification.body;
    const status = await postNotification(this.target(), body, 5000).catch(() => 0);
    this.noteArchive(item.notification, `attempt ${item.attempts}: ${status}`);
    if (status >= 200 && status < 300) {
      this.figures.sent += 1;
      if (UNREPAIRABLE.has(item.notification.topic)) {
        this.acknowledgedUnrepairable.set(item.notification.id, item.notification);
        const now = Date.now();
        this.recentUnrepairable = this.recentUnrepairable.filter(
          (r) => now - r.at < LOCAL_QUEUE_LOSS_MS,
        );
        this.recentUnrepairable.push({ at: now, notification: item.notification });
      }
      return;
    }
    if (item.attempts >= MAX_ATTEMPTS) {
      this.figures.abandoned += 1;
      return;
    }
    this.figures.retried += 1;
    this.pending.push(item);
  }

  /**
   * After a Worker kill: the receiver acknowledges once the delivery is on the queue, which is
   * durable on Cloudflare but lives in workerd's memory locally, so a kill loses what was
   * queued. Syncs repair every topic but archive changes; those sent in the last minute go
   * again (a duplicate where they had been stored, which changes nothing).
   */
  redeliverAfterKill() {
    const now = Date.now();
    const again = this.recentUnrepairable.filter((r) => now - r.at < LOCAL_QUEUE_LOSS_MS);
    this.recentUnrepairable = [];
    for (const r of again) this.pending.push({ notification: r.notification, attempts: 0 });
    this.figures.redelivered += again.length;
  }

  /**
   * Archive notifications acknowledged but never stored (lost with a killed Worker's local
   * queue however long they had waited in it, retries included) go again. Returns how many.
   */
  resendUnstored(stored: ReadonlySet<string>): number {
    let again = 0;
    for (const [id, notification] of this.acknowledgedUnrepairable) {
      if (stored.has(id)) continue;
      this.pending.push({ notification, attempts: 0 });
      again += 1;
    }
    this.figures.redelivered += again;
    return again;
  }

  /** Each archive notification about the contact, with what happened to it, in order. */
  archiveFatesOf(contactId: string): string[] {
    return (this.archiveFates.get(contactId) ?? []).map((f) => f.what);
  }

  private noteArchive(notification: Notification, what: string) {
    if (!UNREPAIRABLE.has(notification.topic)) return;
    const id = (JSON.parse(notification.body) as { data: { item: { id: string } } }).data.item.id;
    const fates = this.archiveFates.get(id) ?? [];
    fates.push({
      notificationId: notification.id,
      what: `${notification.id.slice(6, 14)} ${notification.topic}@${notification.createdAt} ${what} (${new Date().toISOString().slice(11, 19)})`,
    });
    this.archiveFates.set(id, fates);
  }

  archiveNotificationIdsOf(contactId: string): string[] {
    return [...new Set((this.archiveFates.get(contactId) ?? []).map((f) => f.notificationId))];
  }

  acknowledgedArchiveIds(): string[] {
    return [...this.acknowledgedUnrepairable.keys()];
  }
}
