import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { customers } from "../../../src/db/schema/customers.ts";
import { erasures } from "../../../src/db/schema/erasures.ts";
import { expectStatus } from "../../support/status.ts";
import { runSync, sandbox, servicesPerTest, syncServices } from "../../support/sync.ts";

const workspace = servicesPerTest(syncServices);

async function createContact(body: Record<string, unknown>) {
  const res = await sandbox("/contacts", { method: "POST", body: JSON.stringify(body) });
  await expectStatus(res, 200);
  return String(res.body.id);
}

const email = (what: string) => `${what}_${crypto.randomUUID().slice(0, 8)}@example.com`;

/**
 * Found by the soak: customers stayed behind when their contact went without a webhook
 * saying so (deleted, merged away) or changed its email: listed with their revenue for good.
 */
describe("customers of contacts that are gone", () => {
  it("erases a contact a full run finds deleted, and drops customers of changed or merged emails", async () => {
    const s = workspace();
    const ws = s.config.INTERCOM_WORKSPACE_ID;
    const deleted = email("deleted");
    const before = email("before");
    const lead = email("lead");
    const deletedId = await createContact({ email: deleted, external_id: `d_${deleted}` });
    const changedId = await createContact({ email: before, external_id: `c_${before}` });
    const leadId = await createContact({ role: "lead", email: lead });
    const userId = await createContact({ email: email("user"), external_id: `u_${lead}` });
    await runSync(s, "full");
    const emailsNow = async () =>
      (
        await s
          .db()
          .select({ email: customers.email })
          .from(customers)
          .where(eq(customers.workspaceId, ws))
      ).map((r) => r.email);
    expect(await emailsNow()).toEqual(expect.arrayContaining([deleted, before, lead]));
    // Changes whose webhooks never reach this workspace.
    await sandbox(`/contacts/${deletedId}`, { method: "DELETE" });
    const after = email("after");
    await sandbox(`/contacts/${changedId}`, {
      method: "PUT",
      body: JSON.stringify({ email: after }),
    });
    await sandbox("/contacts/merge", {
      method: "POST",
      body: JSON.stringify({ from: leadId, into: userId }),
    });
    await runSync(s, "full");
    const now = await emailsNow();
    expect(now).toContain(after);
    expect(now).not.toContain(deleted);
    expect(now).not.toContain(before);
    expect(now).not.toContain(lead);
    const [erasure] = await s
      .db()
      .select()
      .from(erasures)
      .where(and(eq(erasures.workspaceId, ws), eq(erasures.requestedBy, "intercom_sync")));
    // One record per batch of the run's deletions (sync:<run>:<offset>), naming the contacts.
    expect(erasure?.reference).toMatch(/^sync:[0-9a-f-]+:0$/);
    expect(erasure?.intercomContactIds).toContain(deletedId);
  });
});
