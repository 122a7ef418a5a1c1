import type { DataAttributeRecord, Workspace } from "./model.ts";

/**
 * A workspace's data attributes as `GET /data_attributes` lists them: the standard ones of
 * contacts and companies, and the custom ones the seed's contacts and companies already carry.
 *
 * The company standard list follows the one in Intercom's 2.16 description (its recorded
 * `GET /data_attributes?model=company` answer): the same names, full names, types and
 * `api_writable` flags, with labels and descriptions in our own words. Contacts have no such
 * recorded list; theirs are the 2.16 contact's fields, `api_writable` exactly where the
 * sandbox's `PUT /contacts/{id}` takes them (contact-attributes.ts).
 */
type Model = DataAttributeRecord["model"];
type DataType = DataAttributeRecord["dataType"];

const DAY = 86_400;

function standard(
  model: Model,
  fullName: string,
  label: string,
  description: string,
  dataType: DataType,
  apiWritable = false,
): DataAttributeRecord {
  return {
    id: null,
    model,
    name: fullName.split(".").at(-1) ?? fullName,
    fullName,
    label,
    description,
    dataType,
    options: null,
    apiWritable,
    uiWritable: false,
    // Standard attributes say true in every listing Intercom's description records.
    messengerWritable: true,
    custom: false,
    archived: false,
    adminId: null,
    createdAt: null,
    updatedAt: null,
  };
}

const contact = (
  fullName: string,
  label: string,
  description: string,
  dataType: DataType,
  apiWritable = false,
) => standard("contact", fullName, label, description, dataType, apiWritable);
const company = (
  fullName: string,
  label: string,
  description: string,
  dataType: DataType,
  apiWritable = false,
) => standard("company", fullName, label, description, dataType, apiWritable);

export function standardAttributes(): DataAttributeRecord[] {
  return [
    contact("id", "ID", "Intercom's id for the contact", "string"),
    contact("external_id", "User ID", "Your own id for the user", "string", true),
    contact("role", "Role", "User or lead", "string", true),
    contact("email", "Email", "The contact's email address", "string", true),
    contact("email_domain", "Email domain", "The domain of the contact's email", "string"),
    contact("phone", "Phone", "The contact's phone number", "string", true),
    contact("name", "Name", "The contact's full name", "string", true),
    contact("avatar", "Avatar", "The URL of the contact's picture", "string", true),
    contact("owner_id", "Owner", "The teammate who owns the contact", "string", true),
    contact("signed_up_at", "Signed up", "When the user signed up", "date", true),
    contact("created_at", "First seen", "When the contact was added to Intercom", "date"),
    contact("updated_at", "Updated at", "When the contact last changed", "date"),
    contact("last_seen_at", "Last seen", "When the contact was last seen", "date", true),
    contact("last_replied_at", "Last replied", "When the contact last replied", "date"),
    contact("last_contacted_at", "Last contacted", "When a teammate last wrote", "date"),
    contact("last_email_opened_at", "Last opened email", "When an email was last opened", "date"),
    contact(
      "last_email_clicked_at",
      "Last clicked email",
      "When an email link was last clicked",
      "date",
    ),
    contact(
      "unsubscribed_from_emails",
      "Unsubscribed from emails",
      "Whether the contact opted out of emails",
      "boolean",
      true,
    ),
    contact("has_hard_bounced", "Hard bounced", "Whether an email to it bounced", "boolean"),
    contact(
      "marked_email_as_spam",
      "Marked as spam",
      "Whether it marked an email as spam",
      "boolean",
    ),
    contact(
      "language_override",
      "Language override",
      "The Messenger language set for it",
      "string",
    ),
    contact("browser", "Browser", "The browser it last used", "string"),
    contact("browser_version", "Browser version", "That browser's version", "string"),
    contact("browser_language", "Browser language", "That browser's language", "string"),
    contact("os", "OS", "The operating system it last used", "string"),
    contact("location.country", "Country", "Where it was last seen: country", "string"),
    contact("location.region", "Region", "Where it was last seen: region", "string"),
    contact("location.city", "City", "Where it was last seen: city", "string"),
    contact("location.country_code", "Country code", "That country's ISO code", "string"),
    contact("location.continent_code", "Continent code", "That continent's code", "string"),
    company("name", "Company name", "What the company is called", "string", true),
    company("company_id", "Company ID", "Your own id for the company", "string"),
    company("last_request_at", "Company last seen", "When anyone in it was last seen", "date"),
    company("remote_created_at", "Company created at", "When you created it", "date", true),
    company("user_count", "People", "How many people it has", "integer"),
    company("session_count", "Company web sessions", "Visits by its people", "integer"),
    company("plan.name", "Plan", "The plan the company is on", "string"),
    company("monthly_spend", "Monthly Spend", "What the company pays a month", "float", true),
    company("size", "Company size", "How many people it employs", "integer", true),
    company("industry", "Company industry", "What the company does", "string", true),
    company("website", "Company website", "The company's web address", "string", true),
    company("id", "ID", "Intercom's id for the company", "string"),
    company("created_at", "Created at", "When it was added to Intercom", "date"),
    company("updated_at", "Updated at", "When it last changed", "date"),
    company("plan.id", "Plan ID", "Intercom's id for the plan", "string"),
    company("app_id", "App ID", "The workspace's id", "string"),
  ];
}

/**
 * The custom attributes the seed and the sandbox's mutations write: `plan`, `touched_at`, the
 * Stripe app's flat attributes (stripe.ts; amounts are floats in dollars, times are dates) on
 * contacts, and `industry`, `seats`, `region` on companies (seed-companies.ts). The Stripe
 * app's `Stripe Subscriptions` / `Stripe Payments` arrays are not here: no data type holds an
 * array, and the knob `arrayAttributes` lets them through instead (data-attribute-rules.ts).
 */
const SEEDED: Array<[Model, string, DataType, string]> = [
  ["contact", "plan", "string", "The product's plan name"],
  ["contact", "touched_at", "date", "When the sandbox last touched the contact"],
  ["contact", "stripe_account_balance", "float", "Stripe: account balance, dollars"],
  ["contact", "stripe_card_brand", "string", "Stripe: card brand"],
  ["contact", "stripe_card_expires_at", "date", "Stripe: card expiry"],
  ["contact", "stripe_deleted", "boolean", "Stripe: customer deleted"],
  ["contact", "stripe_delinquent", "boolean", "Stripe: customer delinquent"],
  ["contact", "stripe_id", "string", "Stripe: customer id"],
  ["contact", "stripe_last_charge_amount", "float", "Stripe: last charge, dollars"],
  ["contact", "stripe_last_charge_at", "date", "Stripe: last charge time"],
  ["contact", "stripe_plan", "string", "Stripe: plan name"],
  ["contact", "stripe_plan_interval", "string", "Stripe: billing interval"],
  ["contact", "stripe_plan_interval_count", "integer", "Stripe: intervals per period"],
  ["contact", "stripe_plan_price", "float", "Stripe: plan price, dollars"],
  ["contact", "stripe_plan_quantity", "integer", "Stripe: quantity"],
  ["contact", "stripe_subscription_period_start_at", "date", "Stripe: period start"],
  ["contact", "stripe_subscription_status", "string", "Stripe: subscription status"],
  // Named like the standard `industry`: real Intercom would refuse to create it today ("You
  // already have 'industry' …"), but the seed has always written it, so the workspace has it.
  ["company", "industry", "string", "The company's industry, as the product records it"],
  ["company", "seats", "integer", "Seats the company pays for"],
  ["company", "region", "string", "The company's sales region"],
];

export function customAttributeRecord(
  ws: Workspace,
  fields: Pick<DataAttributeRecord, "model" | "name" | "dataType" | "description" | "options">,
  at: number,
  writable: { ui: boolean; messenger: boolean },
): DataAttributeRecord {
  const id = ws.nextDataAttributeId;
  ws.nextDataAttributeId += 1;
  return {
    ...fields,
    id,
    fullName: `custom_attributes.${fields.name}`,
    label: fields.name,
    apiWritable: true,
    uiWritable: writable.ui,
    messengerWritable: writable.messenger,
    custom: true,
    archived: false,
    adminId: ws.admins[0]?.id ?? null,
    createdAt: at,
    updatedAt: at,
  };
}

/** The catalogue of a freshly seeded workspace; nothing is drawn, so seeds stay as they were. */
export function seedDataAttributes(ws: Workspace, epoch: number) {
  const at = epoch - 401 * DAY;
  ws.dataAttributes = [
    ...standardAttributes(),
    ...SEEDED.map(([model, name, dataType, description]) =>
      customAttributeRecord(ws, { model, name, dataType, description, options: null }, at, {
        ui: true,
        messenger: false,
      }),
    ),
  ];
}
