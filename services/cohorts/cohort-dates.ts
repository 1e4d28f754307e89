/** Calendar dates as `YYYY-MM-DD` strings: no time of day, no time zone, compared as strings. */

const DAY_MS = 86_400_000;

/** The date `days` after a date (UTC arithmetic, so no daylight-saving shift can move it). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Today in Belgium: cohorts start and end on Brussels calendar days. */
export function todayInBrussels(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
