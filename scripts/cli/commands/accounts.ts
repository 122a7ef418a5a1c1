import type { Command } from "commander";
import { param } from "../api.ts";
import { InputError } from "../config.ts";
import { line, out, printJson, printRecord, printTable } from "../output.ts";
import type { Context } from "./context.ts";
import { limitOption, show } from "./lists.ts";

/** The API's own bounds (src/http/schemas/accounts.ts), refused here before any request. */
function checked(value: string, what: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > max)
    throw new InputError(`${what} must be 1 to ${max} characters`);
  return trimmed;
}

const health = (r: { health: number; at_risk: boolean }) =>
  r.at_risk ? out.red(`${r.health} at risk`) : String(r.health);

/** `accounts` (a list, most MRR first) and `accounts show <company_id>` (one, with its people). */
export function registerAccounts(program: Command, ctx: Context) {
  const accounts = program
    .command("accounts")
    .description("account records (one per Intercom company), most MRR first")
    // `accounts show <id> --json`: the list's own options are read before `show` only, so
    // `--json` after it is the subcommand's.
    .enablePositionalOptions()
    .option("--q <text>", "part of the name (any case), or exactly the company id")
    .option("--at-risk", "only accounts at risk (health below 60)")
    .option("--high-value", "only high-value accounts (MRR above HIGH_VALUE_MRR)")
    .addOption(limitOption())
    .option("--json", "machine output only")
    .action(
      async (o: {
        q?: string;
        atRisk?: boolean;
        highValue?: boolean;
        limit: string;
        json?: boolean;
      }) => {
        const filters = {
          ...(o.q === undefined ? {} : { q: checked(o.q, "--q", 200) }),
          ...(o.atRisk ? { at_risk: "true" as const } : {}),
          ...(o.highValue ? { high_value: "true" as const } : {}),
        };
        const rows = await ctx
          .api()
          .list(
            (c, page) => c.v1.accounts.$get({ query: { ...filters, ...page } }),
            Number(o.limit),
          );
        show(rows, o.json, [
          ["company id", (r) => r.company_id],
          ["name", (r) => r.name],
          ["plan", (r) => r.plan],
          ["mrr", (r) => r.mrr],
          ["health", health],
          ["people", (r) => r.people_count],
          ["open convs", (r) => r.open_conversations],
          ["delinquent", (r) => r.delinquent_people],
          ["cancel talk", (r) => r.cancel_mentions],
        ]);
      },
    );
  accounts
    .command("show")
    .description("one account: its figures, its people and its latest alerts")
    .argument("<company_id>", "the customer's own company id (or Intercom's id of the company)")
    .option("--json", "machine output only")
    .action(async (id: string, o: { json?: boolean }) => {
      const companyId = checked(id, "the company id", 255);
      const account = await ctx
        .api()
        .ok((c) => c.v1.accounts[":company_id"].$get({ param: { company_id: param(companyId) } }));
      if (o.json) return printJson(account);
      const { people, people_truncated, alerts, ...figures } = account;
      printRecord({ ...figures, health: health(account) });
      line(
        out.bold(
          people_truncated
            ? `people: the ${people.length} with most MRR of ${account.people_count}`
            : `people: ${people.length}`,
        ),
      );
      printTable(
        ["contact id", "name", "email", "role", "mrr"],
        people.map((p) => [p.contact_id, p.name, p.email, p.role, p.mrr]),
      );
      line(out.bold(`latest alerts: ${alerts.length}`));
      printTable(
        ["created", "kind", "message"],
        alerts.map((a) => [a.created_at, a.kind, a.message]),
      );
    });
}
