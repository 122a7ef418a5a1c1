import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deriveAccounts } from "../../../src/accounts/derive.ts";
import { tombstoneCompanies, upsertCompanies } from "../../../src/companies/write.ts";
import type { Env } from "../../../src/config/env.ts";
import type { Database } from "../../../src/db/client.ts";
import { accounts } from "../../../src/db/schema/companies.ts";
import { createServices } from "../../../src/services.ts";
import { servicesPerTest } from "../../support/sync.ts";

/*
 * Found by the soak (scripts/perf/soak/): accounts of deleted companies, in Postgres for good.
 * A derivation read the company live, a tombstone committed meanwhile (deleting the account),
 * and the derivation's write then put the account back. Two pools here, as two invocations
 * (a webhook batch and a run's finish) have.
 */

const services = servicesPerTest(() => createServices(env as unknown as Env));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function accountOf(db: Database, workspaceId: string, id: string) {
  const [row] = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.workspaceId, workspaceId), eq(accounts.intercomId, id)));
  return row ?? null;
}

async function liveCompany(db: Database, workspaceId: string, id: string) {
  const now = new Date();
  await upsertCompanies(db, [
    {
      workspaceId,
      id,
      companyId: `acct-${id}`,
      name: "Racing Ltd",
      intercomUpdatedAt: now,
      writtenAt: now,
      writtenFrom: "sync",
    },
  ]);
}

describe("an account and its company's tombstone at the same time", () => {
  for (const derivedBefore of [true, false])
    it(`leaves no account once the tombstone commits (account ${derivedBefore ? "derived before" : "never derived"})`, async () => {
      const workspaceId = `ws_${crypto.randomUUID().slice(0, 8)}`;
      const id = `co_${crypto.randomUUID().slice(0, 8)}`;
      const [one, two] = [services().db(), services().db()];
      await liveCompany(one, workspaceId, id);
      if (derivedBefore) {
        await deriveAccounts(one, workspaceId, { ids: [id] }, new Date());
        expect(await accountOf(one, workspaceId, id)).not.toBeNull();
      }
      let deriving: Promise<unknown> = Promise.resolve();
      await one.transaction(async (tx) => {
        await tombstoneCompanies(tx, workspaceId, [id], new Date(), "webhook");
        // The other invocation derives while the tombstone is not yet committed: it reads the
        // company live, and its write meets the tombstone's locks.
        deriving = deriveAccounts(two, workspaceId, { ids: [id] }, new Date());
        await sleep(700);
      });
      await deriving;
      expect(await accountOf(one, workspaceId, id)).toBeNull();
    });
});
