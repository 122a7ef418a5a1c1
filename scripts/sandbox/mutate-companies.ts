import {
  attachCompany,
  type CompanyFields,
  companyFields,
  createCompany,
  deleteCompany,
  detachCompany,
  updateCompany,
} from "./company-changes.ts";
import type { RouteContext } from "./http-kit.ts";
import type { CompanyRecord, ContactRecord } from "./model.ts";
import { pick } from "./prng.ts";

/**
 * The company changes `/__sandbox/mutate` makes, each firing the webhooks Intercom sends for
 * it. Named (`id`, `contact_id`) they change that one; without, `count` random ones, which is
 * how the soak's random mix asks for them (scripts/perf/soak/changes.ts). A move is a detach
 * and an attach.
 */
export const COMPANY_CHANGES = [
  "company.create",
  "company.rename",
  "company.update",
  "company.delete",
  "company.attach",
  "company.detach",
] as const;

const PLANS = ["Starter", "Growth", "Enterprise"];

type Command = Record<string, unknown>;
type Result = { changed: string[] } | { error: string };

/** The named company, or up to `count` random ones. */
function targets(ctx: RouteContext, command: Command, count: number, random: () => number) {
  if (command.id !== undefined) {
    const co = ctx.ws.companies.get(String(command.id));
    return co ? [co] : [];
  }
  const chosen = new Map<string, CompanyRecord>();
  const order = ctx.ws.companyOrder;
  for (let i = 0; i < count * 3 && chosen.size < Math.min(count, order.length); i++) {
    const co = ctx.ws.companies.get(pick(random, order));
    if (co) chosen.set(co.id, co);
  }
  return [...chosen.values()];
}

const liveContact = (ctx: RouteContext, id: unknown) => {
  const c = ctx.ws.contacts.get(String(id ?? ""));
  return c && !c.mergedInto ? c : undefined;
};

/** Fields as the REST body spells them (validated the same way), or random plausible ones. */
function fieldsOf(command: Command, fallback: () => Command): CompanyFields | string {
  const given = (command.attributes ?? null) as Command | null;
  const parsed = companyFields(given ?? fallback());
  if (parsed.error) return JSON.stringify(parsed.error.body);
  return parsed.fields;
}

/** One attach (`contact_id` + `id`), or `count` random pairs not yet attached. */
function attachSome(ctx: RouteContext, command: Command, count: number, random: () => number) {
  if (command.contact_id !== undefined) {
    const c = liveContact(ctx, command.contact_id);
    const co = ctx.ws.companies.get(String(command.id ?? ""));
    return c && co && attachCompany(ctx, c, co) === "attached" ? [c.id] : [];
  }
  const changed: string[] = [];
  for (let i = 0; i < count * 3 && changed.length < count; i++) {
    const c = liveContact(ctx, pick(random, ctx.ws.contactOrder));
    const co = ctx.ws.companies.get(pick(random, ctx.ws.companyOrder));
    if (c && co && attachCompany(ctx, c, co) === "attached") changed.push(c.id);
  }
  return changed;
}

function detachSome(ctx: RouteContext, command: Command, count: number, random: () => number) {
  if (command.contact_id !== undefined) {
    const c = liveContact(ctx, command.contact_id);
    const co = ctx.ws.companies.get(String(command.id ?? ""));
    return c && co && detachCompany(ctx, c, co) ? [c.id] : [];
  }
  const members: ContactRecord[] = ctx.ws.contactOrder.flatMap((id) => {
    const c = liveContact(ctx, id);
    return c && c.companyIds.length > 0 ? [c] : [];
  });
  const changed: string[] = [];
  for (let i = 0; i < count * 3 && changed.length < count && members.length > 0; i++) {
    const c = pick(random, members);
    // Detached from its last company by an earlier pick of this loop.
    if (c.companyIds.length === 0) continue;
    const co = ctx.ws.companies.get(pick(random, c.companyIds));
    if (co && detachCompany(ctx, c, co)) changed.push(c.id);
  }
  return changed;
}

/** null when the kind is not a company one. */
export function mutateCompanies(
  ctx: RouteContext,
  command: Command,
  count: number,
  random: () => number,
): Result | null {
  const ws = ctx.ws;
  switch (command.kind) {
    case "company.create": {
      const changed: string[] = [];
      const n = command.company_id === undefined ? count : 1;
      for (let i = 0; i < n; i++) {
        const serial = ws.nextId++;
        const fields = fieldsOf(command, () => ({
          name: `New Company ${serial}`,
          ...(random() < 0.8 ? { plan: pick(random, PLANS) } : {}),
          monthly_spend: Math.floor(random() * 2_000),
          custom_attributes: { seats: 1 + Math.floor(random() * 100) },
        }));
        if (typeof fields === "string") return { error: fields };
        const companyId = String(command.company_id ?? `acct-new-${serial}`);
        if ([...ws.companies.values()].some((co) => co.companyId === companyId))
          return { error: `company_id ${companyId} exists` };
        changed.push(createCompany(ctx, companyId, fields).id);
      }
      return { changed };
    }
    case "company.rename":
    case "company.update": {
      const list = targets(ctx, command, count, random);
      for (const co of list) {
        const fields = fieldsOf(
          command.kind === "company.rename" && typeof command.name === "string"
            ? { attributes: { name: command.name } }
            : command,
          () =>
            command.kind === "company.rename"
              ? { name: `Renamed Company ${ws.nextId++}` }
              : {
                  plan: pick(random, PLANS),
                  monthly_spend: Math.floor(random() * 5_000),
                  custom_attributes: { seats: 1 + Math.floor(random() * 500) },
                },
        );
        if (typeof fields === "string") return { error: fields };
        updateCompany(ctx, co, fields);
      }
      return { changed: list.map((co) => co.id) };
    }
    case "company.delete": {
      const list = targets(ctx, command, count, random);
      for (const co of list) deleteCompany(ctx, co);
      return { changed: list.map((co) => co.id) };
    }
    case "company.attach":
      return { changed: attachSome(ctx, command, count, random) };
    case "company.detach":
      return { changed: detachSome(ctx, command, count, random) };
    default:
      return null;
  }
}
