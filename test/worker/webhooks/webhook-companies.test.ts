import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import { accounts, companies, contactCompanies } from "../../../src/db/schema/companies.ts";
import { createServices } from "../../../src/services.ts";
import { servicesPerTest } from "../../support/sync.ts";
import { consume, listDeliveries, notification, uniqueAppId } from "../../support/webhooks.ts";

const services = servicesPerTest(() => createServices(env as unknown as Env));
const T0 = 1_763_800_000;

async function company(ws: string, id: string) {
  const [row] = await services()
    .db()
    .select()
    .from(companies)
    .where(and(eq(companies.workspaceId, ws), eq(companies.id, id)));
  return row ?? null;
}

async function account(ws: string, id: string) {
  const [row] = await services()
    .db()
    .select()
    .from(accounts)
    .where(and(eq(accounts.workspaceId, ws), eq(accounts.intercomId, id)));
  return row ?? null;
}

describe("company webhooks", () => {
  it("writes a company from company.created (null name, ISO times) and its account", async () => {
    const appId = uniqueAppId();
    const created = notification("company.created", {
      appId,
      at: T0,
      item: { id: "co_1", company_id: "acct-1", name: null, updated_at: null, monthly_spend: 49.9 },
    });
    await consume([created]);
    expect((await listDeliveries(appId))[0]).toMatchObject({ status: "applied" });
    expect(await company(appId, "co_1")).toMatchObject({
      companyId: "acct-1",
      name: null,
      monthlySpend: 49,
      writtenFrom: "webhook",
    });
    expect(await account(appId, "co_1")).toMatchObject({ companyId: "acct-1", peopleCount: 0 });
  });

  it("applies an older update after a newer one without going back, and a deletion for good", async () => {
    const appId = uniqueAppId();
    const update = (at: number, name: string) =>
      notification("company.updated", {
        appId,
        at,
        item: {
          id: "co_2",
          company_id: "acct-2",
          name,
          updated_at: new Date(at * 1000).toISOString(),
        },
      });
    await consume([update(T0 + 60, "Newer")]);
    await consume([update(T0, "Older")]);
    expect((await company(appId, "co_2"))?.name).toBe("Newer");
    await consume([notification("company.deleted", { appId, at: T0 + 120, item: { id: "co_2" } })]);
    expect((await company(appId, "co_2"))?.deletedAt).not.toBeNull();
    expect(await account(appId, "co_2")).toBeNull();
    await consume([update(T0 + 180, "Back from the dead")]);
    expect((await company(appId, "co_2"))?.name).toBe("Newer");
  });

  it("keeps a company deleted whose deletion arrives before anything else of it", async () => {
    const appId = uniqueAppId();
    await consume([notification("company.deleted", { appId, at: T0 + 120, item: { id: "co_9" } })]);
    expect((await listDeliveries(appId))[0]).toMatchObject({ status: "applied" });
    expect((await company(appId, "co_9"))?.deletedAt).toBeInstanceOf(Date);
    // Intercom retries deliveries for days: the creation may come after the deletion.
    const created = notification("company.created", {
      appId,
      at: T0,
      item: { id: "co_9", company_id: "acct-9", name: "Late", updated_at: null },
    });
    await consume([created]);
    expect(await company(appId, "co_9")).toMatchObject({ name: null });
    expect((await company(appId, "co_9"))?.deletedAt).toBeInstanceOf(Date);
    expect(await account(appId, "co_9")).toBeNull();
  });

  it("attaches and detaches people, a late attach never undoing a newer detach", async () => {
    const appId = uniqueAppId();
    const link = (topic: string, at: number) =>
      notification(topic, {
        appId,
        at,
        contactId: "ct_1",
        item: { id: "co_3", company_id: "acct-3" },
      });
    await consume([notification("company.created", { appId, at: T0, item: { id: "co_3" } })]);
    await consume([link("company.contact.attached", T0 + 10)]);
    await consume([link("company.contact.detached", T0 + 30)]);
    await consume([link("company.contact.attached", T0 + 20)]);
    const [row] = await services()
      .db()
      .select()
      .from(contactCompanies)
      .where(and(eq(contactCompanies.workspaceId, appId), eq(contactCompanies.companyId, "co_3")));
    expect(row).toMatchObject({ contactId: "ct_1", attached: false });
    const rows = await listDeliveries(appId);
    expect(rows.every((r) => r.status === "applied")).toBe(true);
  });

  it("rejects a membership that names no contact, with the field, and applies the rest", async () => {
    const appId = uniqueAppId();
    const bad = notification("company.contact.attached", { appId, at: T0 });
    (bad.data.item as { contact?: unknown }).contact = undefined;
    await consume([bad]);
    const [row] = await listDeliveries(appId);
    expect(row).toMatchObject({ status: "dead" });
    expect(row?.last_error).toMatch(/company.contact.attached: contact/);
  });
});
