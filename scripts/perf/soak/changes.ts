import type { Sandbox } from "../../sandbox/server.ts";
import { CONTACT_CHANGES, CONVERSATION_CHANGES } from "./profile.ts";

/** Deletions and merges are rarer than edits, as in a real workspace. */
const WEIGHT: Record<string, number> = {
  "contacts.delete": 0.3,
  "contacts.merge": 0.3,
  "contacts.archive": 0.5,
  "contacts.unarchive": 0.4,
  "contacts.email": 0.5,
  "conversations.delete": 0.3,
  "conversations.rate": 0.6,
};

/**
 * One batch of changes in the sandbox: every kind of change, each some random number of times
 * out of `size`, through the sandbox's mutation route (each emits its webhook). Returns how
 * many records each kind changed, added into `tally`.
 */
export async function changeBatch(
  sandbox: Sandbox,
  size: number,
  random: () => number,
  tally: Record<string, number>,
): Promise<void> {
  const kinds = [...CONTACT_CHANGES, ...CONVERSATION_CHANGES];
  const share = size / kinds.length;
  for (const kind of kinds) {
    const count = Math.max(1, Math.round(random() * 2 * share * (WEIGHT[kind] ?? 1)));
    const res = await fetch(`${sandbox.url}/__sandbox/mutate`, {
      method: "POST",
      body: JSON.stringify({ kind, count }),
    });
    const body = (await res.json()) as { changed?: string[]; error?: string };
    if (body.error) throw new Error(`sandbox mutation ${kind}: ${body.error}`);
    tally[kind] = (tally[kind] ?? 0) + (body.changed?.length ?? 0);
  }
}
