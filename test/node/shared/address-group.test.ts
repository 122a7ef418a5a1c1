import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addressGroup } from "../../../src/shared/address-group.ts";

const group16 = fc.integer({ min: 0, max: 0xffff });
const ipv6 = fc.array(group16, { minLength: 8, maxLength: 8 });
const ipv4 = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 });

/** One address, spelled in one of the ways RFC 4291 allows. */
function spell(groups: number[], style: { pad: boolean; upper: boolean; squeeze: number }): string {
  const text = groups.map((g) => {
    const hex = g.toString(16);
    return style.pad ? hex.padStart(4, "0") : hex;
  });
  // "::" for one run of zero groups (which one: style.squeeze picks among them).
  const runs: Array<[number, number]> = [];
  for (let i = 0; i < 8; i++) {
    if (groups[i] !== 0) continue;
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    runs.push([i, j]);
    i = j;
  }
  let out = text.join(":");
  if (runs.length > 0 && style.squeeze > 0) {
    const [from, to] = runs[style.squeeze % runs.length] ?? [0, 0];
    out = `${text.slice(0, from).join(":")}::${text.slice(to).join(":")}`;
  }
  return style.upper ? out.toUpperCase() : out;
}
const style = fc.record({
  pad: fc.boolean(),
  upper: fc.boolean(),
  squeeze: fc.integer({ min: 0, max: 3 }),
});

describe("address groups", () => {
  it("give every spelling of an IPv6 address, and every address of its /64, one group", () => {
    fc.assert(
      fc.property(ipv6, ipv6, style, style, (a, b, s1, s2) => {
        const sameSixtyFour = [...a.slice(0, 4), ...b.slice(4)];
        // WHATWG URL parsing is an independent reading of the same address.
        const canonical = new URL(`http://[${spell(a, s1)}]/`).hostname.slice(1, -1);
        expect(addressGroup(canonical)).toBe(addressGroup(spell(a, s1)));
        expect(addressGroup(spell(a, s1))).toBe(addressGroup(spell(sameSixtyFour, s2)));
        expect(addressGroup(spell(a, s1))).toMatch(/^[0-9a-f]{1,4}(:[0-9a-f]{1,4}){3}::\/64$/);
      }),
      { numRuns: 2000 },
    );
  });

  it("give addresses in different /64s different groups", () => {
    fc.assert(
      fc.property(ipv6, ipv6, style, (a, b, s) => {
        fc.pre(a.slice(0, 4).join() !== b.slice(0, 4).join());
        // Not IPv4-mapped: those group by their IPv4 address.
        fc.pre(!(a.slice(0, 5).every((g) => g === 0) && a[5] === 0xffff));
        expect(addressGroup(spell(a, s))).not.toBe(addressGroup(spell(b, s)));
      }),
      { numRuns: 2000 },
    );
  });

  it("count IPv4 addresses one by one, mapped into IPv6 or not", () => {
    fc.assert(
      fc.property(ipv4, ipv4, (a, b) => {
        const dotted = a.join(".");
        expect(addressGroup(dotted)).toBe(dotted);
        expect(addressGroup(`::ffff:${dotted}`)).toBe(dotted);
        expect(addressGroup(`::FFFF:${dotted}`)).toBe(dotted);
        const hex = `::ffff:${(((a[0] ?? 0) << 8) | (a[1] ?? 0)).toString(16)}:${(((a[2] ?? 0) << 8) | (a[3] ?? 0)).toString(16)}`;
        expect(addressGroup(hex)).toBe(dotted);
        if (a.join() !== b.join()) expect(addressGroup(b.join("."))).not.toBe(dotted);
      }),
      { numRuns: 1000 },
    );
  });

  it("leave anything that is no address as its own group", () => {
    for (const text of [
      "local",
      "hostile-1-",
      "1.2.3",
      "1.2.3.256",
      "1::2::3",
      "2001:db8:::1",
      "g::1",
    ])
      expect(addressGroup(text)).toBe(text);
    expect(addressGroup("2001:DB8::1%eth0")).toBe("2001:db8:0:0::/64");
  });
});
