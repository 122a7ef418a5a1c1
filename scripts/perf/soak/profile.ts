/**
 * How big a lifetime is. The full profile is the issue's: 20,000 contacts, 4,000
 * conversations, 4 full and 12 incremental runs of each kind (companies a run of their own
 * each round). `--quick` keeps every kind of change and fault on smaller data and fewer runs.
 */
export interface Profile {
  name: "full" | "quick";
  users: number;
  leads: number;
  conversations: number;
  partsPerConversation: number;
  /**
   * Seeded companies (scripts/sandbox/seed-companies.ts: every seventh with nobody, 3 in 100
   * contacts in 11 to 14 of them, past the 10 a contact shows).
   */
  companies: number;
  /**
   * How long the sandbox keeps an unused company scroll (Intercom: a minute). A killed company
   * run leaves its scroll open, and a run that then tries to open one is refused
   * (`scroll_exists`) until it expires, then waits a minute before trying again
   * (src/sync/companies/scroll.ts): short, a restart finds the old scroll gone. Not shorter
   * than the longest wait between two steps of one scroll: the scroll would expire under every
   * run. A quick scroll (3 pages) is one step; a full one (40 pages, 25 a step) is two. On the
   * sync queue, behind both other full runs, its second step waited up to 18 s (seed 1;
   * figures: "scroll"), and at 5 s every attempt of a full company run expired; on the
   * scroll's own queue (src/sync/queue.ts) the longest wait was 4.3 s and 7.3 s in two runs.
   */
  scrollExpirySeconds: number;
  /** Full runs per kind, the first included; incremental runs per kind. */
  fullRuns: number;
  incrementalRuns: number;
  /** Changes per batch between runs (each batch draws several kinds). */
  changesPerBatch: number;
  /** Rounds in which a fault is injected, beyond the one of each kind every profile has. */
  extraFaults: number;
  /** Wall-clock bound of the whole lifetime before the final runs. */
  budgetMs: number;
}

export const PROFILES: Record<Profile["name"], Profile> = {
  full: {
    name: "full",
    users: 16_000,
    leads: 4_000,
    conversations: 4_000,
    partsPerConversation: 6,
    companies: 4_000,
    scrollExpirySeconds: 30,
    fullRuns: 4,
    incrementalRuns: 12,
    changesPerBatch: 60,
    extraFaults: 4,
    budgetMs: 12 * 60_000,
  },
  quick: {
    name: "quick",
    users: 1_600,
    leads: 400,
    conversations: 400,
    partsPerConversation: 4,
    companies: 300,
    scrollExpirySeconds: 5,
    fullRuns: 2,
    incrementalRuns: 4,
    changesPerBatch: 25,
    extraFaults: 0,
    // Its rounds took 85 to 115 s with companies in them on a loaded 2-core machine, and a
    // scroll broken by Intercom's 500 in the Intercom round adds a minute (seed 21).
    budgetMs: 3 * 60_000,
  },
};

export const CONTACT_CHANGES = [
  "contacts.create",
  "contacts.billing",
  "contacts.rename",
  "contacts.email",
  "contacts.delete",
  "contacts.merge",
  "contacts.archive",
  "contacts.unarchive",
  "contacts.tag",
  "contacts.untag",
] as const;

export const CONVERSATION_CHANGES = [
  "conversations.create",
  "conversations.update",
  "conversations.reply",
  "conversations.state",
  "conversations.rate",
  "conversations.tag",
  "conversations.delete",
] as const;

export const FAULTS = [
  "kill-worker",
  "kill-stack",
  "restart-postgres",
  "kill-postgres",
  "intercom-faults",
] as const;
export type Fault = (typeof FAULTS)[number];
