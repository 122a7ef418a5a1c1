/**
 * Enough of Cloudflare's cron syntax to fire wrangler.toml's triggers locally: five fields
 * (minute hour day-of-month month day-of-week), with `*`, lists, ranges and steps. Cloudflare
 * evaluates crons in UTC, and so does this.
 */
const FIELDS = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12 },
  { min: 0, max: 7 },
] as const;

const NAMES: Record<string, number> = {
  sun: 0,
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

function value(token: string): number {
  const named = NAMES[token.toLowerCase()];
  const n = named ?? Number(token);
  if (!Number.isInteger(n)) throw new Error(`not a cron value: ${token}`);
  return n;
}

function expand(field: string, range: { min: number; max: number }): Set<number> {
  const out = new Set<number>();
  for (const part of field.split(",")) {
    const [base = "*", stepText] = part.split("/");
    const step = stepText ? value(stepText) : 1;
    const [from, to] =
      base === "*"
        ? [range.min, range.max]
        : base.includes("-")
          ? base.split("-").map(value)
          : [value(base), stepText ? range.max : value(base)];
    if (from === undefined || to === undefined || from < range.min || to > range.max) {
      throw new Error(`cron field out of range: ${field}`);
    }
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

export function parseCron(expression: string): (at: Date) => boolean {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`expected 5 cron fields: ${expression}`);
  const sets = parts.map((part, i) => expand(part, FIELDS[i] as { min: number; max: number }));
  const [minutes, hours, days, months, weekdays] = sets as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ];
  const dayRestricted = parts[2] !== "*";
  const weekdayRestricted = parts[4] !== "*";
  return (at) => {
    const weekday = at.getUTCDay();
    const dayMatch = days.has(at.getUTCDate());
    const weekdayMatch = weekdays.has(weekday) || (weekday === 0 && weekdays.has(7));
    // Standard cron: when both day fields are restricted, either one matching is enough.
    const dateOk =
      dayRestricted && weekdayRestricted ? dayMatch || weekdayMatch : dayMatch && weekdayMatch;
    return (
      minutes.has(at.getUTCMinutes()) &&
      hours.has(at.getUTCHours()) &&
      months.has(at.getUTCMonth() + 1) &&
      dateOk
    );
  };
}
