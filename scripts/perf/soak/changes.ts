import { COMPANY_CHANGES } from "../../sandbox/mutate-companies.ts";
import type { Sandbox } from "../../sandbox/server.ts";
import { CONTACT_CHANGES, CONVERSATION_CHANGES } from "./profile.ts";

/** A person moved from one company to another: a detach, then an attach elsewhere. */
const MOVE = "company.move";

/** Deletions and merges are rarer than edits, as in a real workspace. */
const WEIGHT: Record<string, number> = {
  "contacts.delete": 0.3,
  "contacts.merge": 0.3,
  "contacts.archive": 0.5,
  "contacts.unarchive": 0.4,
  "contacts.email": 0.5,
  "conversations.delete": 0.3,
  "conversations.rate": 0.6,
  "company.create": 0.5,
  "company.delete": 0.3,
  "company.attach": 0.6,
  "company.detach": 0.5,
  [MOVE]: 0.8,
};

/** What one or more batches changed: how many of each kind, and the companies deleted. */
export interface ChangeLog {
  tally: Record<string, number>;
  /** Intercom ids of the companies the sandbox deleted: their rows must end tombstones. */
  deletedCompanies: Set<string>;
}

/**
 * One batch of changes in the sandbox: every kind of change, each some random number of times
 * out of `size`, through the sandbox's mutation route (each emits its webhook), added into
 * `log`. Company changes come on top of the contact and conversation ones, which keep the
 * share of `size` they had before companies were in the mix.
 */
export async function changeBatch(
  sandbox: Sandbox,
  size: number,
  random: () => number,
  log: ChangeLog,
): Promise<void> {
  const kinds = [...CONTACT_CHANGES, ...CONVERSATION_CHANGES];
  const share = size / kinds.length;
  for (const kind of [...kinds, ...COMPANY_CHANGES, MOVE]) {
    const count = Math.max(1, Math.round(random() * 2 * share * (WEIGHT[kind] ?? 1)));
    const changed =
      kind === MOVE
        ? await movePeople(sandbox, count, random)
        : await mutate(sandbox, { kind, count });
    log.tally[kind] = (log.tally[kind] ?? 0) + changed.length;
    if (kind === "company.delete") for (const id of changed) log.deletedCompanies.add(id);
  }
}

async function mutate(sandbox: Sandbox, command: Record<string, unknown>): Promise<string[]> {
  const res = await fetch(`${sandbox.url}/__sandbox/mutate`, {
    method: "POST",
    body: JSON.stringify(command),
  });
  const body = (await res.json()) as { changed?: string[]; error?: string };
  if (body.error) throw new Error(`sandbox mutation ${String(command.kind)}: ${body.error}`);
  return body.changed ?? [];
}

/** `count` people out of a company each, into another one picked at random. */
async function movePeople(sandbox: Sandbox, count: number, random: () => number) {
  const moved: string[] = [];
  for (const contactId of await mutate(sandbox, { kind: "company.detach", count })) {
    const order = sandbox.workspace().companyOrder;
    const id = order[Math.floor(random() * order.length)];
    if (id === undefined) continue;
    const attached = await mutate(sandbox, { kind: "company.attach", contact_id: contactId, id });
    if (attached.length > 0) moved.push(contactId);
  }
  return moved;
}
