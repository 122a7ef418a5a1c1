import { z } from "@hono/zod-openapi";
import { AT_RISK_HEALTH } from "../../accounts/health.ts";
import { PEOPLE_SHOWN } from "../../accounts/read.ts";
import { Instant } from "./common.ts";
import { Alert } from "./customers.ts";

const money = z.number();
const count = z.int();

export const Account = z
  .object({
    company_id: z
      .string()
      .nullable()
      .describe("The customer's own id for the company (Intercom's `company_id`)"),
    intercom_id: z.string().describe("Intercom's id of the company"),
    name: z.string().nullable(),
    plan: z.string().nullable(),
    monthly_spend: z.number().nullable().describe("Intercom's own field, as the company says"),
    mrr: money.describe("Sum of its distinct customers' MRR"),
    previous_mrr: money.nullable().describe("The MRR before its last change"),
    arr: money,
    ltv: money,
    people_count: count.describe("Attached, live contacts"),
    people_seen_30d: count,
    customers_count: count.describe("Distinct customer records among its people"),
    open_conversations: count,
    conversations_30d: count,
    cancel_mentions: count.describe("Customers who mentioned cancelling in the last 30 days"),
    delinquent_people: count,
    health: count.describe("0-100, by the rule of src/accounts/health.ts"),
    at_risk: z.boolean().describe(`Health below ${AT_RISK_HEALTH}`),
    derived_at: Instant,
  })
  .openapi("Account");

export const AccountPerson = z
  .object({
    contact_id: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    role: z.string().nullable().describe("`user` or `lead`"),
    mrr: z.number().nullable().describe("Their customer record's MRR; null without one"),
  })
  .openapi("AccountPerson");

export const AccountDetail = Account.extend({
  people: z
    .array(AccountPerson)
    .describe(
      `Its people, most MRR first: at most ${PEOPLE_SHOWN} (\`people_count\` says how many it has)`,
    ),
  people_truncated: z.boolean().describe(`Whether it has more than the ${PEOPLE_SHOWN} shown`),
  alerts: z.array(Alert).describe("The latest 20 alerts on this account"),
}).openapi("AccountDetail");

const flag = z
  .enum(["true", "false"])
  .transform((v) => v === "true")
  .optional();

export const AccountFilters = {
  q: z.string().trim().min(1).max(200).optional().openapi({
    description:
      "Part of the name (any case), or exactly the company id. Three characters or more are served by an index; a shorter one reads the workspace's accounts",
  }),
  at_risk: flag.openapi({ description: `Health below ${AT_RISK_HEALTH} (or not)` }),
  high_value: flag.openapi({ description: "MRR above `HIGH_VALUE_MRR` (or not)" }),
};

export const AccountIdParam = z.object({
  company_id: z
    .string()
    .min(1)
    .max(255)
    .openapi({
      param: { name: "company_id", in: "path" },
      description:
        "The customer's own company id; when no account has it, Intercom's id of the company",
      example: "acme-42",
    }),
});
