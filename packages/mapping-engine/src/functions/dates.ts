import { DateTime, Duration, Info, type Zone } from "luxon";
import type { FunctionDoc } from "../docs";
import { describeValue } from "../errors";
import { asList, define, fail, integer, isMissing, optionalText, text } from "./helpers";

/**
 * Dates travel as ISO 8601 text. A value keeps the UTC offset it was written with;
 * a value without one is read in the zone argument, or UTC — never the server's
 * zone, which would make a mapping's output depend on where the worker runs.
 */

const UTC = "UTC";
/** Month and weekday names in formats are English whatever the server's locale. */
const LOCALE = "en-US";
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function zoneOf(fn: string, value: unknown): Zone {
  const name = text(fn, "the time zone", value).trim();
  if (/^(local|system|default)$/i.test(name)) {
    return fail(fn, `the time zone "${name}" depends on the server; use an IANA name such as "America/New_York", or "UTC"`);
  }
  const zone = Info.normalizeZone(name);
  if (!zone?.isValid) return fail(fn, `"${name}" is not a known time zone; use an IANA name such as "America/New_York", or "UTC"`);
  return zone;
}

const optionalZone = (fn: string, value: unknown) => (isMissing(value) ? undefined : zoneOf(fn, value));

/** ISO text (offset kept, else read in `zone`/UTC) or epoch milliseconds; `format` is a luxon format for text. */
function readDate(fn: string, value: unknown, zone?: Zone, format?: string): DateTime {
  const options = { zone: zone ?? UTC, setZone: true, locale: LOCALE };
  let parsed: DateTime;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return fail(fn, `${value} is not a date`);
    parsed = DateTime.fromMillis(value, options);
  } else if (typeof value === "string") {
    parsed = format ? DateTime.fromFormat(value.trim(), format, options) : DateTime.fromISO(value.trim(), options);
  } else {
    return fail(fn, `expected a date as text, but got ${describeValue(value)}`);
  }
  if (!parsed.isValid) {
    const expected = format ? `in the format "${format}"` : "(expected ISO 8601, such as 2024-05-01 or 2024-05-01T10:30:00-04:00)";
    return fail(fn, `${JSON.stringify(value)} is not a valid date ${expected}: ${parsed.invalidExplanation ?? parsed.invalidReason}`);
  }
  return parsed;
}

const iso = (date: DateTime) => date.toISO({ suppressMilliseconds: true }) ?? "";
/** A date without a time of day stays one, so EDI and ERP date fields round-trip. */
const sameShape = (input: unknown, date: DateTime) => (typeof input === "string" && DATE_ONLY.test(input.trim()) ? (date.toISODate() ?? "") : iso(date));

function readDuration(fn: string, value: unknown): Duration {
  const raw = text(fn, "the duration", value).trim();
  // ISO 8601-2 allows a leading minus for the whole duration; luxon wants it per component.
  const negative = raw.startsWith("-");
  const duration = Duration.fromISO(negative ? raw.slice(1) : raw);
  if (!duration.isValid) return fail(fn, `${JSON.stringify(raw)} is not an ISO 8601 duration such as "P3D", "PT2H30M" or "-P1M"`);
  return negative ? duration.negate() : duration;
}

function readHolidays(fn: string, value: unknown): Set<string> {
  const days = asList(value).map((day) => {
    if (typeof day !== "string" || !DATE_ONLY.test(day) || !DateTime.fromISO(day).isValid) {
      return fail(fn, `holidays must be dates like "2024-12-25", but one is ${describeValue(day)}`);
    }
    return day;
  });
  return new Set(days);
}

export const dateFunctions = {
  parseDate: define((value: unknown, format?: unknown, zone?: unknown) => {
    if (isMissing(value)) return undefined;
    return iso(readDate("parseDate", value, optionalZone("parseDate", zone), optionalText("parseDate", "the format", format)));
  }),
  formatDate: define((value: unknown, format?: unknown, zone?: unknown) => {
    if (isMissing(value)) return undefined;
    const target = optionalZone("formatDate", zone);
    const pattern = optionalText("formatDate", "the format", format);
    let date = readDate("formatDate", value);
    if (target) date = date.setZone(target);
    return pattern ? date.toFormat(pattern) : iso(date);
  }),
  toZone: define((value: unknown, zone?: unknown) => {
    if (isMissing(value)) return undefined;
    if (isMissing(zone)) return fail("toZone", "the time zone is missing");
    return iso(readDate("toZone", value).setZone(zoneOf("toZone", zone)));
  }),
  addDuration: define((value: unknown, duration?: unknown, zone?: unknown) => {
    if (isMissing(value)) return undefined;
    const amount = readDuration("addDuration", duration);
    const target = optionalZone("addDuration", zone);
    let date = readDate("addDuration", value);
    // Calendar arithmetic in the zone: P1D across a DST change keeps the wall-clock time.
    if (target) date = date.setZone(target);
    const result = date.plus(amount);
    const wholeDays = amount.hours === 0 && amount.minutes === 0 && amount.seconds === 0 && amount.milliseconds === 0;
    return wholeDays ? sameShape(value, result) : iso(result);
  }),
  businessDaysAdd: define((value: unknown, days?: unknown, zone?: unknown, holidays?: unknown) => {
    if (isMissing(value)) return undefined;
    const n = integer("businessDaysAdd", "the number of business days", days, -10_000, 10_000);
    const target = optionalZone("businessDaysAdd", zone);
    const closed = readHolidays("businessDaysAdd", holidays);
    let date = readDate("businessDaysAdd", value);
    // The weekday is the one in the zone (or the value's own offset), not in UTC.
    if (target) date = date.setZone(target);
    const step = n < 0 ? -1 : 1;
    for (let left = Math.abs(n); left > 0; ) {
      date = date.plus({ days: step });
      if (date.weekday <= 5 && !closed.has(date.toISODate() ?? "")) left -= 1;
    }
    return sameShape(value, date);
  }),
};

export const dateDocs: FunctionDoc[] = [
  {
    name: "parseDate",
    signature: "$parseDate(text, format?, zone?)",
    description:
      "Reads a date into an ISO 8601 timestamp. Without a format the text must be ISO 8601; otherwise `format` is a luxon format such as \"MM/dd/yyyy HH:mm\". A text without a UTC offset is read in `zone` (an IANA name, default UTC). A number is taken as milliseconds since 1970. Fails on text that is not a valid date.",
    example: { expression: '$parseDate("03/10/2024 14:30", "MM/dd/yyyy HH:mm", "America/Chicago")', result: '"2024-03-10T14:30:00-05:00"' },
    category: "dates",
  },
  {
    name: "formatDate",
    signature: "$formatDate(value, format, zone?)",
    description:
      "Formats an ISO 8601 timestamp with a luxon format (yyyy year, MM month, dd day, HH hour, mm minute, ss second, ZZ offset, EEE weekday). With `zone` the time is first converted to that IANA zone; without a format the result is ISO 8601.",
    example: { expression: '$formatDate("2024-03-01T15:30:00Z", "yyyyMMdd HHmm", "America/New_York")', result: '"20240301 1030"' },
    category: "dates",
  },
  {
    name: "toZone",
    signature: "$toZone(value, zone)",
    description: "The same instant expressed in another time zone (IANA name such as \"Europe/Berlin\"), as ISO 8601 with that zone's offset.",
    example: { expression: '$toZone("2024-07-01T12:00:00Z", "Europe/Berlin")', result: '"2024-07-01T14:00:00+02:00"' },
    category: "dates",
  },
  {
    name: "addDuration",
    signature: "$addDuration(value, duration, zone?)",
    description:
      "Adds an ISO 8601 duration (\"P3D\", \"PT2H\", \"P1M\"; \"-P3D\" subtracts). With `zone` the calendar arithmetic happens in that zone, so a day stays a day across daylight-saving changes. A date without a time (2024-05-01) stays a date when the duration is whole days.",
    example: { expression: '$addDuration("2024-03-09T12:00:00-05:00", "P1D", "America/New_York")', result: '"2024-03-10T12:00:00-04:00"' },
    category: "dates",
  },
  {
    name: "businessDaysAdd",
    signature: "$businessDaysAdd(value, days, zone?, holidays?)",
    description:
      "Moves a date forward (or back, for a negative number) by business days: Monday to Friday, skipping the dates listed in `holidays` (\"yyyy-MM-dd\"). The weekday is taken in `zone` when given, else in the value's own offset. 0 returns the date unchanged.",
    example: { expression: '$businessDaysAdd("2024-12-20", 3, "UTC", ["2024-12-25"])', result: '"2024-12-26"' },
    category: "dates",
  },
];
