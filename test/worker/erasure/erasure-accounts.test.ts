import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import { accounts, contactCompanies } from "../../../src/db/schema/companies.ts";
import { erasePerson } from "../../../src/erasure/erase.ts";
import { createServices } from "../../../src/services.ts";
import { seedAccounts } from "../../support/account-fixtures.ts";
import { servicesPerTest } from "../../support/sync.ts";

const services = servicesPerTest(() => createServices(env as unknown as Env));

describe("erasing a person who belongs to accounts", () => {
  it("takes them out of every account they were in, and its figures at once", async () => {
    const db = services().db();
    const ws = `ws_${crypto.randomUUID().slice(0, 8)}`;
    const [first, second] = await seedAccounts(db, ws, [
      { name: "Alpha", people: [{ mrr: 100 }, { mrr: 50 }] },
      { name: "Beta", people: [{ mrr: 20 }] },
    ]);
    if (!first || !second) throw new Error("seeding failed");
    const leaving = first.people[0];
    if (!leaving?.email) throw new Error("seeding failed");
    // The person is in both companies.
    await db.insert(contactCompanies).values({
      workspaceId: ws,
      contactId: leaving.contactId,
      companyId: second.id,
      attached: true,
      changedAt: new Date(),
      writtenAt: new Date(),
    });
    const now = new Date();
    const outcome = await erasePerson(
      db,
      {
        workspaceId: ws,
        requestedBy: "admin_api",
        reference: `test:${crypto.randomUUID()}`,
        requestedAt: now,
        contactIds: [leaving.contactId],
        userIds: [],
        emails: [leaving.email],
        intercomStatus: "pending",
      },
      now,
    );
    expect(outcome.removed.contact_companies).toBe(2);
    const links = await db
      .select()
      .from(contactCompanies)
      .where(
        and(
          eq(contactCompanies.workspaceId, ws),
          eq(contactCompanies.contactId, leaving.contactId),
        ),
      );
    expect(links).toEqual([]);
    const byId = new Map(
      (await db.select().from(accounts).where(eq(accounts.workspaceId, ws))).map((a) => [
        a.intercomId,
        a,
      ]),
    );
    expect(byId.get(first.id)).toMatchObject({ peopleCount: 1, mrr: 50, customersCount: 1 });
    expect(byId.get(second.id)).toMatchObject({ peopleCount: 1, mrr: 20 });
  });
});
