import { and, eq } from "drizzle-orm";
import { deriveAccounts } from "../../src/accounts/derive.ts";
import type { Executor } from "../../src/db/client.ts";
import { companies, contactCompanies } from "../../src/db/schema/companies.ts";
import { contacts } from "../../src/db/schema/contacts.ts";
import { customers } from "../../src/db/schema/customers.ts";

const DAY_MS = 86_400_000;

/** One person of a company: a contact, with a customer record when `mrr` is given. */
export interface PersonSpec {
  name?: string;
  /** Defaults to a unique address; null for a contact without one. */
  email?: string | null;
  role?: "user" | "lead";
  /** The customer record's MRR; undefined for a contact without a customer record. */
  mrr?: number | null;
  delinquent?: boolean;
  cancelIntent?: boolean;
  seenDaysAgo?: number;
  /** Detached since (a membership row with `attached = false`). */
  detached?: boolean;
  /** A tombstone: erased or deleted in Intercom. */
  deleted?: boolean;
  mergedInto?: string;
}

export interface CompanySpec {
  /** Intercom's id; unique by default. */
  id?: string;
  /** The customer's own id; defaults to `co-<id>`, null for none. */
  companyId?: string | null;
  name: string | null;
  plan?: string;
  people?: PersonSpec[];
}

const unique = (prefix: string) =>
  `${prefix}${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;

/**
 * Companies, their people (contacts, customer records, memberships) written straight to
 * Postgres the way the syncs leave them, then their accounts derived by the real derivation.
 * Returns each company's Intercom id and its people's contact ids and emails, in spec order.
 */
export async function seedAccounts(
  db: Executor,
  workspaceId: string,
  specs: readonly CompanySpec[],
  now = new Date(),
) {
  const made = specs.map((spec) => {
    const id = spec.id ?? unique("cmp_");
    const people = (spec.people ?? []).map((p) => ({
      spec: p,
      contactId: unique("ctc_"),
      email: p.email === undefined ? `${unique("p")}@accounts.example` : p.email,
    }));
    return { spec, id, people };
  });
  const at = { writtenAt: now, writtenFrom: "sync" as const };
  await db.insert(companies).values(
    made.map(({ spec, id }) => ({
      workspaceId,
      id,
      companyId: spec.companyId === undefined ? `co-${id}` : spec.companyId,
      name: spec.name,
      plan: spec.plan ?? null,
      intercomUpdatedAt: now,
      ...at,
    })),
  );
  const people = made.flatMap((m) => m.people.map((p) => ({ ...p, companyId: m.id })));
  if (people.length > 0) {
    await db.insert(contacts).values(
      people.map((p) => ({
        workspaceId,
        id: p.contactId,
        role: p.spec.role ?? "user",
        email: p.email,
        name: p.spec.name ?? null,
        lastSeenAt: new Date(now.getTime() - (p.spec.seenDaysAgo ?? 1) * DAY_MS),
        intercomUpdatedAt: now,
        deletedAt: p.spec.deleted ? now : null,
        mergedIntoId: p.spec.mergedInto ?? null,
        ...at,
      })),
    );
    await db.insert(contactCompanies).values(
      people.map((p) => ({
        workspaceId,
        contactId: p.contactId,
        companyId: p.companyId,
        attached: !p.spec.detached,
        changedAt: now,
        writtenAt: now,
      })),
    );
    const buyers = people.filter((p) => p.spec.mrr !== undefined && p.email);
    if (buyers.length > 0)
      await db.insert(customers).values(
        buyers.map((p) => ({
          workspaceId,
          email: (p.email ?? "").toLowerCase(),
          contactId: p.contactId,
          name: p.spec.name ?? null,
          mrr: p.spec.mrr ?? null,
          arr: p.spec.mrr == null ? null : p.spec.mrr * 12,
          ltv: p.spec.mrr == null ? null : p.spec.mrr * 10,
          delinquent: p.spec.delinquent ?? false,
          cancelIntent30d: p.spec.cancelIntent ?? false,
          conversationsOpen: 0,
          conversations30d: 0,
        })),
      );
  }
  await deriveAccounts(db, workspaceId, { ids: made.map((m) => m.id) }, now);
  return made.map((m) => ({
    id: m.id,
    companyId: m.spec.companyId === undefined ? `co-${m.id}` : m.spec.companyId,
    people: m.people.map((p) => ({ contactId: p.contactId, email: p.email })),
  }));
}

/**
 * A customer's MRR changed, and its company derived again: the account's MRR moves, and an
 * `mrr_change` alert is raised on the account when the move passes the alert's ratio.
 */
export async function changeMrr(
  db: Executor,
  workspaceId: string,
  company: { id: string },
  email: string,
  mrr: number,
  now = new Date(),
) {
  await db
    .update(customers)
    .set({ mrr })
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.email, email.toLowerCase())));
  return deriveAccounts(db, workspaceId, { ids: [company.id] }, now);
}
