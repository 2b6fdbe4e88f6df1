/**
 * An xsd:dateTime (RFC 7643 §2.3.5) rounded both ways to the microsecond Postgres stores, so a
 * comparison stays exact even when the client sends nanoseconds.
 */
export interface Instant {
  /** The latest microsecond at or before the instant, as ISO 8601 in UTC. */
  floor: string;
  /** The earliest microsecond at or after the instant; equal to `floor` when nothing is lost. */
  ceil: string;
}

/** Date, time, 0–9 fraction digits and a required zone: without one the instant is ambiguous. */
const XSD_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Parses `text`, or returns undefined when it is not a valid, zoned xsd:dateTime. */
export function parseXsdDateTime(text: string): Instant | undefined {
  const match = XSD_DATE_TIME.exec(text);
  if (match === null) return undefined;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match
    .slice(1, 7)
    .map(Number);
  const offsetMinutes = readZoneOffset(match[8] ?? '');
  const timeValid = hour <= 23 && minute <= 59 && second <= 59;
  if (offsetMinutes === undefined || !timeValid || !isCalendarDate(year, month, day)) {
    return undefined;
  }

  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const epochSeconds = date.getTime() / 1000 - offsetMinutes * 60;

  const digits = (match[7] ?? '').padEnd(9, '0');
  const micros = Number(digits.slice(0, 6));
  const lost = digits.slice(6) !== '000';
  return {
    floor: formatMicros(epochSeconds, micros),
    ceil: formatMicros(epochSeconds, lost ? micros + 1 : micros),
  };
}

/** `Z` or `±hh:mm` within the ±14:00 that xsd:dateTime allows. */
function readZoneOffset(zone: string): number | undefined {
  if (zone === 'Z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  const total = hours * 60 + minutes;
  if (minutes > 59 || total > 14 * 60) return undefined;
  return zone.startsWith('-') ? -total : total;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return day <= days;
}

/** `micros` may be 1 000 000 after rounding up; the carry moves into the seconds. */
function formatMicros(epochSeconds: number, micros: number): string {
  const seconds = epochSeconds + Math.floor(micros / 1_000_000);
  const rest = String(micros % 1_000_000).padStart(6, '0');
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, `.${rest}Z`);
}
