/** Compact records: the sandbox renders full 2.16 shapes on the way out (see render.ts). */
export interface ContactRecord {
  id: string;
  role: "user" | "lead";
  externalId: string | null;
  email: string | null;
  name: string | null;
  phone: string | null;
  ownerId: string | null;
  createdAt: number;
  updatedAt: number;
  signedUpAt: number | null;
  lastSeenAt: number | null;
  location: { country: string; city: string; region: string; countryCode: string } | null;
  customAttributes: Record<string, unknown>;
  tagIds: string[];
  /** Every company attached, in the order attached, uncapped (a contact shows the first 10). */
  companyIds: string[];
  archived: boolean;
  /** When `archived` last changed (sandbox clock). */
  archivedChangedAt?: number;
  mergedInto: string | null;
  /** Set only through the API (seeded contacts have none): absent reads as null / false. */
  avatarUrl?: string | null;
  unsubscribedFromEmails?: boolean;
  /** Writable, but the 2.16 contact never shows it: kept so a test can see it was taken. */
  emailVerified?: boolean | null;
}

export interface ConversationRecord {
  id: string;
  createdAt: number;
  updatedAt: number;
  state: "open" | "closed" | "snoozed";
  read: boolean;
  /** As Intercom answers it (2.9-2.15 and every captured answer), not 2.16's none|low|…. */
  priority: "priority" | "not_priority";
  title: string | null;
  adminAssigneeId: string | null;
  teamAssigneeId: string | null;
  contactId: string;
  partsCount: number;
  /** Started in a way that leaves Intercom no opening message to show: `source` is null. */
  sourceless?: boolean;
  /** The `updated_at` the seeded parts are spread up to: fixed, so parts keep their times. */
  seededUntil?: number;
  rating: { rating: number; remark: string | null; createdAt: number } | null;
  tagIds: string[];
  /** Parts added through the API after seeding, newest last. */
  extraParts: PartRecord[];
  /** The admin's message that opened it (`POST /messages`, admin-messages.ts); else the contact's. */
  opening?: { id: string; body: string; subject: string; adminId: string };
  /** Set by tests that need exact statistics (`/__sandbox/mutate` conversation.create). */
  statistics?: Record<string, number>;
}

export interface PartRecord {
  id: string;
  partType: string;
  /** null for system events (close, assignment, language detection, …), as Intercom sends. */
  body: string | null;
  createdAt: number;
  /** `bot` is Fin (or a workflow): its parts carry `from_ai_agent`. */
  authorType: "user" | "admin" | "bot";
  authorId: string;
}

/**
 * An Intercom company. `id` is Intercom's (24 hex); `companyId` is the customer's own, unique per
 * workspace and never changed once set. `userCount` is not kept: it is derived from the
 * contacts attached (Workspace.companyMembers), as Intercom derives it.
 */
export interface CompanyRecord {
  id: string;
  companyId: string;
  /** null when created without one (Intercom's `company.created` then says `name: null`). */
  name: string | null;
  plan: { id: string; name: string } | null;
  /** Whole units: Intercom truncates floats (155.98 is kept as 155). */
  monthlySpend: number;
  sessionCount: number;
  size: number | null;
  website: string | null;
  industry: string | null;
  customAttributes: Record<string, string | number | boolean | null>;
  tagIds: string[];
  segmentIds: string[];
  remoteCreatedAt: number | null;
  createdAt: number;
  updatedAt: number;
  lastRequestAt: number | null;
}

/** The one open company scroll of a workspace (routes-company-scroll.ts). */
export interface ScrollRecord {
  param: string;
  /** The companies as they were when the scroll opened, in order. */
  ids: string[];
  /** Index in `ids` of the next page's first company. */
  position: number;
  /** Milliseconds on the sandbox's clock: the scroll expires a while after this. */
  lastUsedMs: number;
  /** After an internal network error the scroll cannot go on; it still holds the lock. */
  broken: boolean;
}

/**
 * One of a workspace's data attributes (`GET /data_attributes`): the standard ones Intercom
 * defines and the custom ones (CDAs) a workspace creates. Custom ones alone have an `id`, an
 * admin and times. A custom attribute's key in `custom_attributes` is its `name`.
 */
export interface DataAttributeRecord {
  id: number | null;
  model: "contact" | "company";
  name: string;
  fullName: string;
  label: string;
  description: string;
  /** What the 2.16 answer's enum allows: a `datetime` asked for at creation is kept as `date`. */
  dataType: "string" | "integer" | "float" | "boolean" | "date";
  /** A list attribute (a string with these values only). */
  options: string[] | null;
  apiWritable: boolean;
  uiWritable: boolean;
  messengerWritable: boolean;
  custom: boolean;
  archived: boolean;
  adminId: string | null;
  createdAt: number | null;
  updatedAt: number | null;
}

export interface TagRecord {
  id: string;
  name: string;
}

export interface AdminRecord {
  id: string;
  name: string;
  email: string;
  teamIds: string[];
}

export interface EventRecord {
  eventName: string;
  createdAt: number;
  contactId: string;
  metadata: Record<string, unknown>;
}

export interface Workspace {
  appId: string;
  contacts: Map<string, ContactRecord>;
  /** Insertion order: the order of GET /contacts. */
  contactOrder: string[];
  conversations: Map<string, ConversationRecord>;
  conversationOrder: string[];
  /** What `GET /conversations/deleted` lists, oldest first. */
  deletedConversations: Array<{ id: string; deletedAt: number }>;
  tags: Map<string, TagRecord>;
  admins: AdminRecord[];
  teams: Array<{ id: string; name: string; adminIds: string[] }>;
  companies: Map<string, CompanyRecord>;
  /** Creation order: the order of the scroll. */
  companyOrder: string[];
  /** Company id to the ids of the contacts attached to it (merged-away ones are not counted). */
  companyMembers: Map<string, Set<string>>;
  /** Plan name to its id: one id per name, as Intercom keeps plans per workspace. */
  plans: Map<string, string>;
  companySegments: Array<{ id: string; name: string }>;
  companyScroll: ScrollRecord | null;
  /** Standard and custom data attributes of contacts and companies (data-attribute-catalogue.ts). */
  dataAttributes: DataAttributeRecord[];
  /** The id the next custom data attribute gets. */
  nextDataAttributeId: number;
  events: EventRecord[];
  eventKeys: Set<string>;
  notes: Map<
    string,
    Array<{ id: string; body: string; createdAt: number; adminId: string | null }>
  >;
  seed: number;
  nextId: number;
  /** Bumped on every change: search results are cached per query until it moves. */
  version: number;
  searchCache: Map<string, { version: number; ids: string[] }>;
}
