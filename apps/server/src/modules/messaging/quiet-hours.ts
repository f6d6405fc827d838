/** Minutes since local midnight of `at` in the time zone. */
function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
  const hour = Number(parts.find((p) => p.type === "hour")?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === "minute")?.value ?? 0);
  return hour * 60 + minute;
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return h * 60 + m;
}

/**
 * SMS quiet hours in the company's time zone: a window [start, end) that may wrap midnight
 * (22:00-08:00). Returns `at` when it is outside the window, otherwise the moment the window ends.
 */
export function afterQuietHours(at: Date, window: { start: string | null; end: string | null }, timeZone: string): Date {
  if (!window.start || !window.end) return at;
  const start = toMinutes(window.start);
  const end = toMinutes(window.end);
  const now = localMinutes(at, timeZone);
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return at;
  const wait = (end - now + 1440) % 1440;
  const startOfMinute = Math.floor(at.getTime() / 60_000) * 60_000;
  let result = new Date(startOfMinute + wait * 60_000);
  // A daylight-saving change inside the window moves the local end by an hour: correct once.
  const drift = end - localMinutes(result, timeZone);
  if (drift !== 0 && Math.abs(drift) <= 120) result = new Date(result.getTime() + drift * 60_000);
  return result;
}
