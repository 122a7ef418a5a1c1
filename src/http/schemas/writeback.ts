import { z } from "@hono/zod-openapi";
import { WRITEBACK_MODELS, WRITEBACK_STATUSES } from "../../db/schema/writeback.ts";
import { Instant, NullableInstant } from "./common.ts";

export const WritebackStartBody = z
  .strictObject({
    // Required: a run that writes to every contact in Intercom is never a default.
    dry_run: z.boolean().openapi({
      description:
        "`true`: plan and report what a real run would write, writing nothing to Intercom. `false`: write.",
    }),
  })
  .openapi("WritebackStartBody", { example: { dry_run: true } });

export const WritebackRunIdParam = z.object({
  run_id: z.uuid().openapi({ param: { name: "run_id", in: "path" } }),
});

const AttributeValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const Values = z.record(z.string(), AttributeValue);
const model = z.enum(WRITEBACK_MODELS);
const count = z.int();

export const WritebackRun = z
  .object({
    run_id: z.uuid(),
    status: z.enum(WRITEBACK_STATUSES),
    dry_run: z.boolean(),
    trigger: z.string(),
    attributes: z
      .object({
        contact: z.array(z.string()),
        company: z.array(z.string()),
        created: z.array(z.string()).openapi({
          description: "Created in Intercom by this run (a dry run: that a real run would create).",
        }),
      })
      .nullable(),
    contacts_planned: count,
    contacts_written: count,
    contacts_unchanged: count,
    contacts_skipped: count.openapi({ description: "Erased or suppressed people: never written." }),
    companies_planned: count,
    companies_written: count,
    companies_unchanged: count,
    failures: z.object({
      count,
      items: z.array(z.object({ model, intercom_id: z.string(), error: z.string().nullable() })),
    }),
    refused: z.object({
      count: count.openapi({ description: "Values left out: Intercom would refuse them." }),
      items: z.array(z.object({ model, intercom_id: z.string(), error: z.string() })),
    }),
    progress: z.object({
      phase: z.enum(["attributes", "contacts", "companies", "writing", "done"]),
      contacts_scanned: count,
      contacts_total: count,
      companies_scanned: count,
      writes_pending: count,
      writes_dropped: count.openapi({
        description: "Superseded by a later run before they were sent, or cancelled by an erasure.",
      }),
      fraction: z.number().min(0).max(1),
    }),
    sample: z
      .array(z.object({ model, intercom_id: z.string(), old: Values, new: Values }))
      .openapi({
        description: "A dry run's preview: contacts and companies with old and new values.",
      }),
    error: z.string().nullable(),
    created_at: Instant,
    planned_at: NullableInstant,
    finished_at: NullableInstant,
  })
  .openapi("WritebackRun");

export const WritebackStarted = z
  .object({
    run_id: z.uuid(),
    status: z.enum(WRITEBACK_STATUSES),
    dry_run: z.boolean(),
    created_at: Instant,
  })
  .openapi("WritebackStarted");
