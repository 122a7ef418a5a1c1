import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { customers } from "../../../src/db/schema/customers.ts";
import {
  conversationSandbox,
  conversationServices,
  runConversationSync,
} from "../../support/conversations.ts";
import { expectStatus } from "../../support/status.ts";
import { runSync, servicesPerTest } from "../../support/sync.ts";

const workspace = servicesPerTest(conversationServices);

async function sandbox(path: string, body: unknown) {
  const res = await conversationSandbox(path, { method: "POST", body: JSON.stringify(body) });
  await expectStatus(res, 200);
  return res.body;
}

/**
 * Found by the soak: a customer's conversation counts moved only for customers a page named,
 * so a deleted conversation (listed by Intercom, tombstoned at the run's end) and a
 * conversation moved away by a merge left the old counts for good.
 */
describe("customer conversation counts", () => {
  it("drop when Intercom deletes a conversation and after a full run for one moved away", async () => {
    const s = workspace();
    const ws = s.config.INTERCOM_WORKSPACE_ID;
    const email = `counts-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const contact = await sandbox("/contacts", { role: "user", email });
    const create = (body: string) =>
      sandbox("/__sandbox/mutate", {
        kind: "conversation.create",
        contact_id: contact.id,
        parts: [{ body, author: "user" }],
      }) as Promise<{ changed: string[] }>;
    const gone = (await create("Soon deleted")).changed[0];
    const moved = (await create("Soon moved")).changed[0];
    await runSync(s, "full");
    await runConversationSync(s, "full");
    const total = async () =>
      (
        await s
          .db()
          .select({ total: customers.conversationsTotal })
          .from(customers)
          .where(and(eq(customers.workspaceId, ws), eq(customers.email, email)))
      )[0]?.total;
    expect(await total()).toBe(2);
    await sandbox("/__sandbox/mutate", { kind: "conversation.delete", id: gone });
    await runConversationSync(s, "incremental");
    expect(await total()).toBe(1);
    // Moved to someone else without a page naming this customer: only a full run sees it.
    const other = await sandbox("/contacts", { role: "user", email: `other-${email}` });
    const c = await conversationSandbox(`/conversations/${moved}`);
    await expectStatus(c, 200);
    await sandbox("/__sandbox/mutate", {
      kind: "conversation.move",
      id: moved,
      contact_id: other.id,
    });
    await runConversationSync(s, "full");
    expect(await total()).toBe(0);
  });
});
