import { type Command, Option } from "commander";
import {
  DELIVERY_STATUSES,
  type DeliveryStatus,
  OUTBOX_STATUSES,
  type OutboxStatus,
} from "../../../src/db/statuses.ts";
import { InputError } from "../config.ts";
import { printJson, printTable, statusColour } from "../output.ts";
import type { Context } from "./context.ts";

/** `--limit`, checked here: the routes cap their pages (200 or 500 rows). */
export function limitOption(max = 500, fallback = "50") {
  return new Option("--limit <n>", `rows to show (1-${max})`).default(fallback).argParser((v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > max)
      throw new InputError(`--limit ${v} is not a whole number from 1 to ${max}`);
    return String(n);
  });
}

/** A list command: fetch the rows, then a table for people or JSON for machines. */
export function show<T>(
  rows: T[],
  json: boolean | undefined,
  columns: Array<[string, (r: T) => unknown]>,
) {
  if (json) return printJson(rows);
  printTable(
    columns.map(([h]) => h),
    rows.map((r) => columns.map(([, read]) => read(r))),
  );
}

const status = (r: { status: string }) => statusColour(r.status);

export function registerLists(program: Command, ctx: Context) {
  program
    .command("customers")
    .description("customer records derived by the contact sync")
    .option("--at-risk", "only customers at risk")
    .option("--high-value", "only high-value customers")
    .option("--delinquent", "only delinquent customers")
    .option("--email <email>", "the customer with this email (sent in a body, never the URL)")
    .addOption(limitOption())
    .option("--json", "machine output only")
    .action(
      async (o: {
        atRisk?: boolean;
        highValue?: boolean;
        delinquent?: boolean;
        email?: string;
        limit: string;
        json?: boolean;
      }) => {
        const filters = {
          ...(o.atRisk ? { at_risk: "true" as const } : {}),
          ...(o.highValue ? { high_value: "true" as const } : {}),
          ...(o.delinquent ? { delinquent: "true" as const } : {}),
        };
        // One customer by email is a POST: an email in a URL reaches the platform's logs.
        const { email } = o;
        const rows = email
          ? [await ctx.api().ok((c) => c.v1.customers.lookup.$post({ json: { email } }))]
          : await ctx
              .api()
              .list(
                (c, page) => c.v1.customers.$get({ query: { ...filters, ...page } }),
                Number(o.limit),
              );
        show(rows, o.json, [
          ["email", (r) => r.email],
          ["name", (r) => r.name],
          ["plan", (r) => r.plan_name],
          ["mrr", (r) => r.mrr],
          ["status", (r) => r.subscription_status],
          ["delinquent", (r) => r.delinquent],
          ["quality", (r) => r.quality_score],
          ["open convs", (r) => r.conversations_open],
          ["seen days ago", (r) => r.days_since_seen],
        ]);
      },
    );
  program
    .command("alerts")
    .description("alerts raised on customers, newest first")
    .addOption(limitOption())
    .option("--json", "machine output only")
    .action(async (o: { limit: string; json?: boolean }) => {
      const rows = await ctx
        .api()
        .list((c, page) => c.v1.alerts.$get({ query: page }), Number(o.limit));
      show(rows, o.json, [
        ["created", (r) => r.created_at],
        ["kind", (r) => r.kind],
        ["email", (r) => r.email],
        ["message", (r) => r.message],
      ]);
    });
  program
    .command("deliveries")
    .description("webhook deliveries from Intercom and what became of them, newest first")
    .addOption(new Option("--status <status>", "only this status").choices(DELIVERY_STATUSES))
    .option("--topic <topic>", "only this topic")
    .addOption(limitOption(200))
    .option("--json", "machine output only")
    .action(
      async (o: { status?: DeliveryStatus; topic?: string; limit: string; json?: boolean }) => {
        const filters = {
          ...(o.status === undefined ? {} : { status: o.status }),
          ...(o.topic === undefined ? {} : { topic: o.topic }),
        };
        const rows = await ctx
          .api()
          .list(
            (c, page) => c.v1.webhooks.deliveries.$get({ query: { ...filters, ...page } }),
            Number(o.limit),
          );
        show(rows, o.json, [
          ["received", (r) => r.received_at],
          ["delivery key", (r) => r.delivery_key],
          ["topic", (r) => r.topic],
          ["status", status],
          ["attempts", (r) => r.attempts],
          // Why it died, or why it was ignored on purpose: one column, whichever applies.
          ["why", (r) => r.last_error ?? r.ignored_reason],
        ]);
      },
    );
  program
    .command("outbox")
    .description("writes to Intercom waiting, delivered or dead, newest first")
    .addOption(new Option("--status <status>", "only this status").choices(OUTBOX_STATUSES))
    .addOption(limitOption())
    .option("--json", "machine output only")
    .action(async (o: { status?: OutboxStatus; limit: string; json?: boolean }) => {
      const filters = o.status === undefined ? {} : { status: o.status };
      const rows = await ctx
        .api()
        .list((c, page) => c.v1.outbox.$get({ query: { ...filters, ...page } }), Number(o.limit));
      show(rows, o.json, [
        ["created", (r) => r.created_at],
        ["id", (r) => r.id],
        ["kind", (r) => r.kind],
        ["status", status],
        ["attempts", (r) => r.attempts],
        ["last error", (r) => r.last_error],
      ]);
    });
}
