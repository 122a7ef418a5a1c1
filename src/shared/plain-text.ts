const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  "#39": "'",
  apos: "'",
  nbsp: " ",
};

/**
 * Intercom writes bodies as HTML (`hi` comes back `<p>hi</p>`): the text a reader sees, for
 * cancel intent in conversations and for finding a note or message that landed unseen.
 */
export function plainText(html: string | null | undefined): string | null {
  if (!html) return null;
  return html
    .replace(/<(br|\/p|\/div|\/li)\b[^>]*>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_, name: string) => ENTITIES[name] ?? "")
    .trim();
}
