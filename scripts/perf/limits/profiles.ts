/**
 * The workspaces the harness runs, small then large. The growth check compares each kind's
 * most expensive invocation at the two, which only means something if the small workspace
 * already reaches every bound the code puts on one invocation, so each size is chosen to:
 *
 * - a contact step stops at 25 pages (3,750 contacts): more than that were created on one day
 *   (a bulk import), so one partition holds more than one step at either size;
 * - a contact finish slice checks at most 150 unseen contacts: more than 150 are deleted
 *   between the two full runs;
 * - a conversation finish slice reads at most 147 pages of 60 deletions (8,820): the
 *   workspace's deletion history is longer than that (and the large one reaches the
 *   500-page cap of a whole finish);
 * - a part job fetches 10 conversations: every page of 150 has them; a conversation page
 *   queues its part jobs and the next page: more than 150 conversations a partition (8);
 * - a company scroll message reads at most 25 pages of 100 and a company finish slice reads
 *   the people of at most 150 companies: half as many companies as contacts (2,500 and up),
 *   3 in 100 people in more than 10 of them.
 *
 * Changes (for the incremental runs and the webhooks) are 1 % of contacts and conversations.
 */
export interface WorkspaceSize {
  label: string;
  contacts: number;
  importedContacts: number;
  conversations: number;
  /** Every n-th conversation has 300 to 500 parts; 1 in 500 has more than 500. */
  longConversationEvery: number;
  deletedConversations: number;
  /** Contacts deleted in Intercom between the two full contact runs. */
  deletedContacts: number;
  companies: number;
}

const size = (
  label: string,
  contacts: number,
  importedContacts: number,
  conversations: number,
  deletedConversations: number,
  deletedContacts: number,
): WorkspaceSize => ({
  label,
  contacts,
  importedContacts,
  conversations,
  longConversationEvery: 20,
  deletedConversations,
  deletedContacts,
  companies: Math.ceil(contacts / 2),
});

export interface Profile {
  sizes: WorkspaceSize[];
  /** The sandbox's answer time: Intercom's is longer, but only wall times depend on it. */
  latencyMs: number;
}

export const PROFILES = {
  full: {
    sizes: [
      size("10k contacts", 10_000, 5_000, 2_000, 9_000, 400),
      size("100k contacts", 100_000, 50_000, 10_000, 30_000, 1_000),
    ],
    latencyMs: 50,
  },
  // The smallest workspaces that still reach every bound above but the conversation page's
  // (1,200 conversations would double the run), in a few minutes for CI.
  quick: {
    sizes: [
      size("5k contacts", 5_000, 4_000, 200, 9_000, 160),
      size("10k contacts", 10_000, 8_000, 400, 9_000, 200),
    ],
    latencyMs: 20,
  },
} satisfies Record<string, Profile>;
