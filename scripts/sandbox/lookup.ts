import { errorList, type RouteContext } from "./http-kit.ts";
import type { AdminRecord, ContactRecord } from "./model.ts";

/** A contact the API can address: merged-away ones answer 410, unknown ones 404. */
export function addressableContact(
  ctx: RouteContext,
  id: string | undefined,
): { contact: ContactRecord; error?: undefined } | { error: ReturnType<typeof errorList> } {
  const c = ctx.ws.contacts.get(id ?? "");
  if (!c) return { error: errorList(404, "not_found", "User Not Found") };
  if (c.mergedInto)
    return {
      error: errorList(410, "contact_merged", `Contact has been merged into ${c.mergedInto}`),
    };
  return { contact: c };
}

export const renderTag = (t: { id: string; name: string }) => ({
  type: "tag",
  id: t.id,
  name: t.name,
});

export const renderAdmin = (a: AdminRecord) => ({
  type: "admin",
  id: a.id,
  name: a.name,
  email: a.email,
  job_title: "Support Engineer",
  away_mode_enabled: false,
  away_mode_reassign: false,
  has_inbox_seat: true,
  team_ids: a.teamIds.map(Number),
  avatar: "https://static.intercomassets.com/avatars/placeholder.png",
  email_verified: true,
});
