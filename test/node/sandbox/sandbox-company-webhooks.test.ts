import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompanyRecord, ContactRecord } from "../../../scripts/sandbox/model.ts";
import { type Notification, type Sandbox, startSandbox } from "../../../scripts/sandbox/server.ts";
import { type Json, sandboxCalls } from "../../support/sandbox-http.ts";

/**
 * Attaching, detaching and the company.* webhooks, in the shapes real deliveries have (Zulip's
 * captures, zulip/zulip zerver/webhooks/intercom/fixtures/company_*.json): ISO times, `tag_ids`,
 * null for unset fields, attach/detach items of `{company, contact}` without a `type`.
 */
const DAY = 86_400;
const EPOCH = 1_790_000_000 - (1_790_000_000 % DAY);
const OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;
let sandbox: Sandbox;
let captured: Notification[] = [];
const { call, mutate } = sandboxCalls(() => sandbox.url);

beforeAll(async () => {
  sandbox = await startSandbox({
    seed: 43,
    sizes: { contacts: 150, leads: 10, conversations: 5, companies: 30 },
    epoch: EPOCH,
    captureWebhooks: (n) => captured.push(n),
  });
});
afterAll(() => sandbox.stop());

const ws = () => sandbox.workspace();
const sent = () => {
  const out = captured.map((n) => JSON.parse(n.body) as { topic: string; data: { item: Json } });
  captured = [];
  return out.map((n) => ({ topic: n.topic, item: n.data.item }));
};
const someContact = () =>
  [...ws().contacts.values()].find(
    (c) => !c.mergedInto && c.companyIds.length === 1,
  ) as ContactRecord;
const companyNotIn = (c: ContactRecord) =>
  [...ws().companies.values()].find((co) => !c.companyIds.includes(co.id)) as CompanyRecord;

describe("attaching and detaching", () => {
  it("move both updated_at and user_count, and tell company.contact.attached after the change", async () => {
    const contact = someContact();
    const co = companyNotIn(contact);
    const before = await call("GET", `/companies/${co.id}`);
    const contactBefore = contact.updatedAt;
    captured = [];
    const attached = await call("POST", `/contacts/${contact.id}/companies`, { id: co.id });
    expect(attached.status).toBe(200);
    expect(attached.body.user_count).toBe(Number(before.body.user_count) + 1);
    expect(Number(attached.body.updated_at)).toBeGreaterThan(Number(before.body.updated_at));
    const after = await call("GET", `/contacts/${contact.id}`);
    expect(Number(after.body.updated_at)).toBeGreaterThan(contactBefore);
    const [n, ...more] = sent();
    expect(more).toEqual([]);
    expect(n?.topic).toBe("company.contact.attached");
    const item = n?.item as { company: Json; contact: Json };
    expect(Object.keys(item).sort()).toEqual(["company", "contact"]);
    expect(item.company).toMatchObject({
      type: "company",
      id: co.id,
      company_id: co.companyId,
      user_count: attached.body.user_count,
      tag_ids: co.tagIds,
    });
    expect(Object.keys(item.company)).toContain("plan_id");
    expect(item.company.updated_at).toMatch(OFFSET);
    expect(Date.parse(String(item.company.updated_at))).toBe(
      Number(attached.body.updated_at) * 1000,
    );
    expect((item.contact.companies as { data: Json[] }).data.map((d) => d.id)).toContain(co.id);
    expect(item.contact.updated_at).toMatch(OFFSET);
    // Attaching again changes nothing and sends nothing.
    await call("POST", `/contacts/${contact.id}/companies`, { id: co.id });
    expect(sent()).toEqual([]);
  });

  it("tell company.contact.detached with both as they were before, as captured", async () => {
    const contact = [...ws().contacts.values()].find(
      (c) => !c.mergedInto && c.companyIds.length >= 2,
    ) as ContactRecord;
    const companyId = contact.companyIds[1] as string;
    const before = await call("GET", `/companies/${companyId}`);
    captured = [];
    const detached = await call("DELETE", `/contacts/${contact.id}/companies/${companyId}`);
    expect(detached.status).toBe(200);
    expect(detached.body.user_count).toBe(Number(before.body.user_count) - 1);
    expect(Number(detached.body.updated_at)).toBeGreaterThan(Number(before.body.updated_at));
    const [n] = sent();
    expect(n?.topic).toBe("company.contact.detached");
    const item = n?.item as { company: Json; contact: Json };
    expect(item.company.user_count).toBe(before.body.user_count);
    expect(Date.parse(String(item.company.updated_at))).toBe(Number(before.body.updated_at) * 1000);
    expect((item.contact.companies as { data: Json[] }).data.map((d) => d.id)).toContain(companyId);
    const again = await call("DELETE", `/contacts/${contact.id}/companies/${companyId}`);
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ errors: [{ code: "company_not_found" }] });
  });
});

describe("company.created, company.updated, company.deleted", () => {
  it("carry the webhook company: every key, unset ones null, ISO times, tag_ids", async () => {
    captured = [];
    const created = await call("POST", "/companies", { company_id: "hook-co" });
    const [n] = sent();
    expect(n?.topic).toBe("company.created");
    const item = n?.item as Json;
    expect(item).toMatchObject({
      type: "company",
      id: created.body.id,
      company_id: "hook-co",
      name: null,
      plan: null,
      remote_created_at: null,
      last_request_at: null,
      user_count: 0,
      monthly_spend: 0,
      tag_ids: [],
      custom_attributes: {},
    });
    expect(item.created_at).toMatch(OFFSET);
    expect(item).not.toHaveProperty("tags");
    await call("POST", "/companies", { company_id: "hook-co", name: "Hook Co", plan: "Pro" });
    const [updated] = sent();
    expect(updated?.topic).toBe("company.updated");
    expect(updated?.item).toMatchObject({ name: "Hook Co", plan: { type: "plan", name: "Pro" } });
  });

  it("detach every contact on a deletion, then tell company.deleted with identifying fields only", async () => {
    const co = [...ws().companies.values()].find(
      (c) => (ws().companyMembers.get(c.id)?.size ?? 0) >= 2,
    ) as CompanyRecord;
    const members = [...(ws().companyMembers.get(co.id) ?? [])];
    captured = [];
    expect((await call("DELETE", `/companies/${co.id}`)).status).toBe(200);
    const notifications = sent();
    expect(notifications.map((n) => n.topic)).toEqual([
      ...members.map(() => "company.contact.detached"),
      "company.deleted",
    ]);
    expect(notifications.at(-1)?.item).toEqual({ id: co.id, type: "company", deleted: true });
    for (const id of members) expect(ws().contacts.get(id)?.companyIds).not.toContain(co.id);
    expect((await call("GET", `/companies/${co.id}`)).status).toBe(404);
  });
});

describe("company changes through /__sandbox/mutate", () => {
  it("create, rename, update, attach, detach and delete, each with its webhooks", async () => {
    captured = [];
    const created = (await mutate({ kind: "company.create", count: 2 })) as { changed: string[] };
    expect(created.changed).toHaveLength(2);
    expect(sent().map((n) => n.topic)).toEqual(["company.created", "company.created"]);
    const id = created.changed[0] as string;
    await mutate({ kind: "company.rename", id, name: "Renamed Co" });
    expect(sent()).toEqual([
      expect.objectContaining({
        topic: "company.updated",
        item: expect.objectContaining({ name: "Renamed Co" }),
      }),
    ]);
    await mutate({
      kind: "company.update",
      id,
      attributes: { plan: null, monthly_spend: 99.9, custom_attributes: { seats: 3 } },
    });
    const [update] = sent();
    expect(update?.item).toMatchObject({
      plan: null,
      monthly_spend: 99,
      custom_attributes: { seats: 3 },
    });
    const contact = someContact();
    await mutate({ kind: "company.attach", contact_id: contact.id, id });
    await mutate({ kind: "company.detach", contact_id: contact.id, id });
    expect(sent().map((n) => n.topic)).toEqual([
      "company.contact.attached",
      "company.contact.detached",
    ]);
    const random = (await mutate({ kind: "company.attach", count: 3 })) as { changed: string[] };
    expect(random.changed).toHaveLength(3);
    expect(sent().map((n) => n.topic)).toEqual(Array(3).fill("company.contact.attached"));
    const moved = (await mutate({ kind: "company.detach", count: 2 })) as { changed: string[] };
    expect(moved.changed).toHaveLength(2);
    await mutate({ kind: "company.update", count: 4 });
    expect(sent().filter((n) => n.topic === "company.updated")).toHaveLength(4);
    await mutate({ kind: "company.delete", id });
    expect(sent().map((n) => n.topic)).toEqual(["company.deleted"]);
    expect(ws().companies.has(id)).toBe(false);
  });
});
