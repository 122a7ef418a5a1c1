/**
 * Client addresses as limits count them: an IPv4 address as itself, an IPv6 address by its
 * /64 (one subscriber usually holds a whole /64 and could otherwise rotate through it, each
 * address a fresh budget), an IPv4-mapped IPv6 address as the IPv4 address it maps. Every
 * spelling of one address (compressed or not, any case, leading zeros) gives one group.
 * Anything that is no address (Cloudflare always sends one; local tests need not) is its
 * own group.
 */
export function addressGroup(ip: string): string {
  const text = ip.trim().toLowerCase();
  const v4 = ipv4(text);
  if (v4) return v4.join(".");
  const v6 = ipv6(text);
  if (!v6) return text;
  if (v6.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff) {
    const [hi = 0, lo = 0] = v6.slice(6);
    return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join(".");
  }
  return `${v6
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

function ipv4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const octets = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : Number.NaN));
  return octets.every((o) => o <= 255) ? octets : null;
}

/** The eight 16-bit groups of an IPv6 address (a zone id dropped), or null. */
function ipv6(text: string): number[] | null {
  const address = text.replace(/%.*$/, "");
  const halves = address.split("::");
  if (halves.length > 2) return null;
  // A dotted IPv4 tail may end the address only, not the part before a "::".
  const groupsOf = (half: string | undefined, last: boolean): number[] | null => {
    if (!half) return [];
    const out: number[] = [];
    const parts = half.split(":");
    for (const [i, part] of parts.entries()) {
      const v4 = last && i === parts.length - 1 ? ipv4(part) : null;
      if (v4) out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      else if (/^[0-9a-f]{1,4}$/.test(part)) out.push(Number.parseInt(part, 16));
      else return null;
    }
    return out;
  };
  const head = groupsOf(halves[0], halves.length === 1);
  const tail = groupsOf(halves[1], true);
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const gap = 8 - head.length - tail.length;
  return gap >= 1 ? [...head, ...Array<number>(gap).fill(0), ...tail] : null;
}
