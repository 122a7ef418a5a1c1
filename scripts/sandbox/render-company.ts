import type { CompanyRecord, ContactRecord, Workspace } from "./model.ts";

/** How many companies a contact shows; the rest are behind its `url` (2.16 `contact_companies`). */
export const CONTACT_COMPANIES_SHOWN = 10;

/** The people attached now: merged-away contacts no longer count. Leads count too, as captured. */
export function userCount(ws: Workspace, companyId: string): number {
  let n = 0;
  for (const id of ws.companyMembers.get(companyId) ?? []) {
    const c = ws.contacts.get(id);
    if (c && !c.mergedInto) n += 1;
  }
  return n;
}

/** The companies a company list may show: Intercom's lists leave out those with nobody. */
export function withPeople(ws: Workspace): CompanyRecord[] {
  return ws.companyOrder.flatMap((id) => {
    const co = ws.companies.get(id);
    return co && userCount(ws, id) > 0 ? [co] : [];
  });
}

/** A contact's `companies`: the first 10, with the real `total_count` and `has_more` past 10. */
export function contactCompanies(c: ContactRecord) {
  return {
    type: "list",
    data: c.companyIds
      .slice(0, CONTACT_COMPANIES_SHOWN)
      .map((id) => ({ type: "company", id, url: `/companies/${id}` })),
    url: `/contacts/${c.id}/companies`,
    total_count: c.companyIds.length,
    has_more: c.companyIds.length > CONTACT_COMPANIES_SHOWN,
  };
}

const present = (key: string, value: unknown) =>
  value === null || value === undefined ? {} : { [key]: value };

/**
 * A company as the 2.16 REST API answers it. Unset fields are left out rather than null: the
 * 2.16 examples (recorded from Intercom) never show `size`, `website` or `industry`, and show
 * `last_request_at` only for a company that had one; a company without a plan says `plan: {}`.
 * By the same rule a company created without a name or `remote_created_at` leaves those out.
 */
export function renderCompany(ws: Workspace, co: CompanyRecord) {
  return {
    type: "company",
    company_id: co.companyId,
    id: co.id,
    app_id: ws.appId,
    ...present("name", co.name),
    ...present("remote_created_at", co.remoteCreatedAt),
    created_at: co.createdAt,
    updated_at: co.updatedAt,
    ...present("last_request_at", co.lastRequestAt),
    monthly_spend: co.monthlySpend,
    session_count: co.sessionCount,
    user_count: userCount(ws, co.id),
    ...present("size", co.size),
    ...present("website", co.website),
    ...present("industry", co.industry),
    tags: {
      type: "tag.list",
      tags: co.tagIds.map((id) => ({ type: "tag", id, name: ws.tags.get(id)?.name ?? id })),
    },
    segments: {
      type: "segment.list",
      segments: co.segmentIds.map((id) => ({
        type: "segment",
        id,
        name: ws.companySegments.find((s) => s.id === id)?.name ?? id,
      })),
    },
    plan: co.plan ? { type: "plan", id: co.plan.id, name: co.plan.name } : {},
    custom_attributes: co.customAttributes,
  };
}
