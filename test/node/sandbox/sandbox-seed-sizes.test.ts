import { describe, expect, it } from "vitest";
import { seedWorkspace } from "../../../scripts/sandbox/seed.ts";

const DAY = 86_400;
const EPOCH = 1_780_000_000 - (1_780_000_000 % DAY);
const base = { contacts: 400, leads: 20, conversations: 120 };

describe("the sandbox's optional seed sizes (npm run limits)", () => {
  const plain = seedWorkspace(7, base, EPOCH);
  const sized = seedWorkspace(
    7,
    { ...base, importedContacts: 150, longConversationEvery: 10, deletedConversations: 130 },
    EPOCH,
  );

  it("create the imported contacts on one day and leave every other seeded value as it was", () => {
    const created = sized.contactOrder.map((id) => sized.contacts.get(id)?.createdAt ?? 0);
    const days = new Set(created.slice(0, 150).map((t) => Math.floor(t / DAY)));
    expect(days).toEqual(new Set([EPOCH / DAY - 200]));
    expect(sized.contactOrder).toEqual(plain.contactOrder);
    for (const id of plain.contactOrder.slice(150))
      expect(sized.contacts.get(id)).toEqual(plain.contacts.get(id));
    // An imported contact differs only in its dates (a user signed up when created).
    const { createdAt, updatedAt, signedUpAt, ...imported } =
      sized.contacts.get(plain.contactOrder[0] ?? "") ?? {};
    const {
      createdAt: _c,
      updatedAt: _u,
      signedUpAt: _s,
      ...original
    } = plain.contacts.get(plain.contactOrder[0] ?? "") ?? {};
    expect(imported).toEqual(original);
    expect(signedUpAt).toBe(createdAt);
    expect(updatedAt).toBeGreaterThanOrEqual(createdAt ?? 0);
  });

  it("make every n-th conversation long and keep the others", () => {
    sized.conversationOrder.forEach((id, n) => {
      const parts = sized.conversations.get(id)?.partsCount ?? 0;
      if (n % 500 === 7) expect(parts).toBeGreaterThan(500);
      else if (n % 10 === 3) expect(parts).toBeGreaterThanOrEqual(300);
      else expect(sized.conversations.get(id)).toEqual(plain.conversations.get(id));
      if (n % 10 === 3) expect(parts).toBeLessThanOrEqual(500);
    });
  });

  it("list a deletion history of ids no seeded conversation has, oldest first, within the year", () => {
    expect(plain.deletedConversations).toEqual([]);
    expect(sized.deletedConversations).toHaveLength(130);
    const times = sized.deletedConversations.map((d) => d.deletedAt);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(EPOCH - 365 * DAY);
    expect(Math.max(...times)).toBeLessThan(EPOCH);
    for (const d of sized.deletedConversations) expect(sized.conversations.has(d.id)).toBe(false);
  });
});
