// Calendar arithmetic in a company's time zone, in the process (no round trip on the hot paths).
// "N days later" is the same wall-clock time N calendar days later, so across a DST change it is
// 23 or 25 hours a day, as PostgreSQL's `((t at time zone z) + interval 'N days') at time zone z`.

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's UTC offset at an instant that is a whole second. */
function offsetOfWholeSecond(ms: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(new Date(ms))) if (part.type !== "literal") p[part.type] = Number(part.value);
  return Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0) - ms;
}

// formatToParts costs ~15 µs; a purchase needs up to ten offsets. Offsets change only at
// transitions, which fall on quarter hours (UTC) in every zone since the 1970s, so one offset per
// zone and quarter hour is exact, and a day's purchases share a few cached ones.
const QUARTER_HOUR = 900_000;
const offsets = new Map<string, number>();

function offsetAt(ms: number, timeZone: string): number {
  const quarter = Math.floor(ms / QUARTER_HOUR) * QUARTER_HOUR;
  const key = `${timeZone} ${quarter}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size >= 10_000) offsets.clear();
    offset = offsetOfWholeSecond(quarter, timeZone);
    offsets.set(key, offset);
  }
  return offset;
}

/** The wall-clock time of `ms` in the zone, written as if it were UTC. */
const wallClock = (ms: number, timeZone: string) => ms + offsetAt(ms, timeZone);

/**
 * The instant a wall-clock time of the zone stands for. A time that does not exist (the hour
 * skipped in spring) or exists twice (the hour repeated in autumn) resolves as PostgreSQL does:
 * to the later of the two candidate instants.
 */
function instantOf(wall: number, timeZone: string): number {
  const candidates = [...new Set([offsetAt(wall - DAY_MS, timeZone), offsetAt(wall + DAY_MS, timeZone)])].map((o) => wall - o);
  const valid = candidates.filter((t) => wallClock(t, timeZone) === wall);
  return Math.max(...(valid.length > 0 ? valid : candidates));
}

/** The same wall-clock time `days` calendar days after `at`, in the zone. */
export function addCalendarDays(at: Date, days: number, timeZone: string): Date {
  if (days === 0) return new Date(at);
  return new Date(instantOf(wallClock(at.getTime(), timeZone) + days * DAY_MS, timeZone));
}

/** The calendar date (YYYY-MM-DD) of `at` in the zone. */
export function dateIn(at: Date, timeZone: string): string {
  return new Date(wallClock(at.getTime(), timeZone)).toISOString().slice(0, 10);
}
