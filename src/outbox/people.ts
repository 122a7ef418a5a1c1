import type { PersonNames } from "../erasure/identifiers.ts";
import type { OutboxWrite } from "./payloads.ts";

/**
 * Whom a write would put in Intercom, by every name it carries. An erasure's own delete names
 * the person on purpose (erasing again is allowed); a Slack alert puts no one in Intercom.
 */
export function peopleWritten(write: OutboxWrite): PersonNames[] {
  switch (write.kind) {
    case "contact.delete":
    case "slack.alert":
      return [];
    case "contact.identify":
      return [{ userId: write.payload.userId, email: write.payload.email }];
    case "event": {
      const { userId, email, intercomId, identify } = write.payload;
      return [
        { userId, email, contactId: intercomId },
        ...(identify ? [{ userId: identify.userId, email: identify.email }] : []),
      ];
    }
    case "writeback":
      return write.payload.model === "contact" ? [{ contactId: write.payload.intercomId }] : [];
    case "contact.tag":
    case "contact.untag":
    case "contact.note":
    case "message":
      return [{ userId: write.payload.userId, contactId: write.payload.intercomId }];
  }
}
