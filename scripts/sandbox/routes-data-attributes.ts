import { createDataAttribute, updateDataAttribute } from "./data-attribute-changes.ts";
import { bodyObject, errorList, ok, type Route } from "./http-kit.ts";
import type { DataAttributeRecord } from "./model.ts";

/**
 * A data attribute in the 2.16 shape. Custom ones carry `id`, `admin_id` and their times, and
 * a list attribute its `options`; standard ones neither, as the description's recorded listing
 * shows. An API-created attribute without a description has none, as its create example.
 */
export function renderDataAttribute(a: DataAttributeRecord) {
  return {
    ...(a.id === null ? {} : { id: a.id }),
    type: "data_attribute",
    name: a.name,
    full_name: a.fullName,
    label: a.label,
    ...(a.description ? { description: a.description } : {}),
    data_type: a.dataType,
    ...(a.options ? { options: a.options } : {}),
    api_writable: a.apiWritable,
    ui_writable: a.uiWritable,
    messenger_writable: a.messengerWritable,
    custom: a.custom,
    archived: a.archived,
    ...(a.custom && a.adminId !== null ? { admin_id: a.adminId } : {}),
    ...(a.createdAt === null ? {} : { created_at: a.createdAt }),
    ...(a.updatedAt === null ? {} : { updated_at: a.updatedAt }),
    model: a.model,
  };
}

export const dataAttributeRoutes: Route[] = [
  {
    method: "GET",
    template: "/data_attributes",
    handler: (req, ctx) => {
      const model = req.query.get("model");
      // 2.16: "model=conversation returns a 422 error. Use GET /conversations/attributes
      // instead", and without a model conversation attributes are no longer listed.
      if (model === "conversation")
        return errorList(
          422,
          "parameter_invalid",
          "model=conversation is no longer supported. Use GET /conversations/attributes instead",
        );
      if (model !== null && model !== "contact" && model !== "company")
        return errorList(
          400,
          "parameter_invalid",
          "The Data Attribute model field must be either contact or company",
        );
      // Only non archived ones by default (2.16 `include_archived`).
      const archivedToo = req.query.get("include_archived") === "true";
      const data = ctx.ws.dataAttributes
        .filter((a) => (model === null || a.model === model) && (archivedToo || !a.archived))
        .map(renderDataAttribute);
      return ok({ type: "list", data });
    },
  },
  {
    method: "POST",
    template: "/data_attributes",
    handler: (req, ctx) => {
      const created = createDataAttribute(ctx, bodyObject(req));
      return created.error ?? ok(renderDataAttribute(created.value));
    },
  },
  {
    method: "PUT",
    template: "/data_attributes/{data_attribute_id}",
    handler: (req, ctx) => {
      const id = Number(req.params.data_attribute_id);
      // Standard attributes have no id: only custom ones can be found here.
      const a = ctx.ws.dataAttributes.find((x) => x.custom && x.id === id);
      if (!a)
        return errorList(404, "field_not_found", "We couldn't find that data attribute to update");
      const updated = updateDataAttribute(ctx, a, bodyObject(req));
      return updated.error ?? ok(renderDataAttribute(updated.value));
    },
  },
];
