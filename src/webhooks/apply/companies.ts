import { z } from "zod";
import type { LinkChange } from "../../companies/links.ts";
import { toCompanyRow } from "../../companies/transform.ts";
import type { CompanyRow } from "../../db/schema/companies.ts";
import { intercomId } from "../../intercom/schemas/common.ts";
import { companySchema } from "../../intercom/schemas/company.ts";

/** What company topics write: companies, tombstones, and people joining and leaving them. */
export interface CompanyWrites {
  companies: CompanyRow[];
  companyTombstones: Array<{ workspaceId: string; id: string; deletedAt: Date }>;
  companyLinks: LinkChange[];
}

export const emptyCompanyWrites = (): CompanyWrites => ({
  companies: [],
  companyTombstones: [],
  companyLinks: [],
});

const idOnly = z.looseObject({ id: intercomId });

/**
 * `company.contact.attached|detached` name the company and the contact; the item's keys are
 * read loosely (`contact`, or `user` as version 1 items say) since Intercom documents no
 * example of them.
 */
const linkSchema = z
  .looseObject({
    company: idOnly,
    contact: idOnly.optional(),
    user: idOnly.optional(),
  })
  .transform((link, ctx) => {
    const contact = link.contact ?? link.user;
    if (contact) return { companyId: link.company.id, contactId: contact.id };
    ctx.addIssue({ code: "custom", message: "missing", path: ["contact"] });
    return z.NEVER;
  });

/**
 * Adds a company topic's rows; `eventAt` orders a change that carries no `updated_at` of its
 * own (a captured `company.created` has only `created_at`; links and deletions have none).
 */
export function planCompanyTopic(
  action: "company.upsert" | "company.delete" | "company.attach" | "company.detach",
  workspaceId: string,
  item: unknown,
  writes: CompanyWrites,
  now: Date,
  eventAt: Date,
): void {
  switch (action) {
    case "company.upsert": {
      const company = companySchema.parse(item);
      writes.companies.push(
        toCompanyRow(workspaceId, company, { at: now, from: "webhook" }, eventAt),
      );
      return;
    }
    case "company.delete": {
      const { id } = idOnly.parse(item);
      writes.companyTombstones.push({ workspaceId, id, deletedAt: eventAt });
      return;
    }
    case "company.attach":
    case "company.detach": {
      const link = linkSchema.parse(item);
      writes.companyLinks.push({
        workspaceId,
        ...link,
        attached: action === "company.attach",
        changedAt: eventAt,
        writtenAt: now,
      });
      return;
    }
  }
}
