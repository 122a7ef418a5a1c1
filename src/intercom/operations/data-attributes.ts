import { z } from "zod";
import type { CallOptions, IntercomHttp } from "../http.ts";

/** The data types Intercom's `POST /data_attributes` takes for a custom attribute. */
export type DataType = "string" | "integer" | "float" | "boolean" | "date" | "datetime";
export type AttributeModel = "contact" | "company";

/**
 * A data attribute as `GET /data_attributes` lists it (2.x). Standard ones have no `id`;
 * `api_writable` says whether a token may write it at all.
 */
const dataAttributeSchema = z.looseObject({
  name: z.string(),
  data_type: z.string(),
  model: z.string().nullish(),
  custom: z.boolean().nullish(),
  archived: z.boolean().nullish(),
  api_writable: z.boolean().nullish(),
});
export type DataAttribute = z.infer<typeof dataAttributeSchema>;

const dataAttributeList = z.looseObject({ data: z.array(dataAttributeSchema) });

/** Custom attribute values: Intercom refuses arrays and objects. */
type Attributes = Record<string, string | number | boolean | null>;

/** Data attributes, and writes of custom attributes onto one contact or company. */
export function dataAttributeOperations(http: IntercomHttp) {
  return {
    /** Both models' attributes, archived ones too: an archived name is still taken. */
    listDataAttributes: async () =>
      (
        await http.request({
          method: "GET",
          path: "/data_attributes",
          query: { include_archived: "true" },
          schema: dataAttributeList,
        })
      ).data,
    createDataAttribute: (attribute: {
      name: string;
      model: AttributeModel;
      dataType: DataType;
      description: string;
    }) =>
      http.request({
        method: "POST",
        path: "/data_attributes",
        body: {
          name: attribute.name,
          model: attribute.model,
          data_type: attribute.dataType,
          description: attribute.description,
        },
        schema: dataAttributeSchema,
      }),
    /** Sets the given custom attributes, leaving the contact's others as they are. */
    updateContactAttributes: (id: string, attributes: Attributes, call: CallOptions = {}) =>
      http.request({
        method: "PUT",
        path: `/contacts/${encodeURIComponent(id)}`,
        body: { custom_attributes: attributes },
        schema: z.looseObject({ id: z.string() }),
        ...call,
      }),
    updateCompanyAttributes: (id: string, attributes: Attributes, call: CallOptions = {}) =>
      http.request({
        method: "PUT",
        path: `/companies/${encodeURIComponent(id)}`,
        body: { custom_attributes: attributes },
        schema: z.looseObject({ id: z.string() }),
        ...call,
      }),
  };
}
