/** XML Schema dateTime in UTC without milliseconds, e.g. `2025-03-01T09:00:00Z`. */
export function toDateTime(value: Date | string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError(`"${String(value)}" is not a date`);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Seconds since the epoch (JWT NumericDate) of an ISO date-time. */
export function toNumericDate(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`"${value}" is not a date`);
  return Math.floor(ms / 1000);
}
