import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contactTags } from "../../../src/db/schema/tags.ts";
import { runSync, sandbox, servicesPerTest, syncServices } from "../../support/sync.ts";

const workspace = servicesPerTest(syncServices);

/**
 * Found by the soak: contact tags were written only by tag webhooks, so one that never came
 * was never repaired. A sync now sets them from the contact it reads, ordered by its
 * `updated_at` against tag changes that webhooks reported.
 */
describe("contact sync and contact tags", () => {
  it("tags what the contact shows, untags what it no longer shows, and keeps a newer webhook change", async () => {
    const s = workspace();
    const ws = s.config.INTERCOM_WORKSPACE_ID;
    const created = await sandbox("/contacts", {
      method: "POST",
      body: JSON.stringify({ email: `tags_${crypto.randomUUID().slice(0, 8)}@example.com` }),
    });
    const id = String(created.body.id);
    const tags = (await sandbox("/tags")).body.data as Array<{ id: string }>;
    const [shown, dropped, newer] = tags.map((t) => t.id);
    if (!shown || !dropped || !newer) throw new Error("the sandbox needs three tags");
    await sandbox(`/contacts/${id}/tags`, { method: "POST", body: JSON.stringify({ id: shown }) });
    const past = new Date(Date.now() - 86_400_000);
    const future = new Date(Date.now() + 86_400_000);
    // As webhooks left them: one tag removed in Intercom since (its webhook lost), one tag
    // whose removal a webhook reported after anything the sync can read.
    await s
      .db()
      .insert(contactTags)
      .values([
        {
          workspaceId: ws,
          contactId: id,
          tagId: dropped,
          tagged: true,
          changedAt: past,
          writtenAt: past,
        },
        {
          workspaceId: ws,
          contactId: id,
          tagId: newer,
          tagged: false,
          changedAt: future,
          writtenAt: past,
        },
      ]);
    await runSync(s, "full");
    const rows = await s
      .db()
      .select({ tagId: contactTags.tagId, tagged: contactTags.tagged })
      .from(contactTags)
      .where(and(eq(contactTags.workspaceId, ws), eq(contactTags.contactId, id)));
    expect(Object.fromEntries(rows.map((r) => [r.tagId, r.tagged]))).toEqual({
      [shown]: true,
      [dropped]: false,
      [newer]: false,
    });
  });
});
