import { describe, expect, it } from "vitest";
import { failure, run } from "../helpers";

describe("$parseDate", () => {
  it("reads ISO 8601, keeping the offset the text was written with", async () => {
    expect(await run('$parseDate("2024-03-01T10:00:00-05:00")')).toBe("2024-03-01T10:00:00-05:00");
    expect(await run('$parseDate("2024-03-01T10:00:00.250Z")')).toBe("2024-03-01T10:00:00.250Z");
  });

  it("reads a value without an offset in UTC, or in the zone given", async () => {
    expect(await run('$parseDate("2024-03-01")')).toBe("2024-03-01T00:00:00Z");
    expect(await run('$parseDate("2024-07-01T08:00", undefined, "Europe/Berlin")')).toBe("2024-07-01T08:00:00+02:00");
  });

  it("reads custom formats and epoch milliseconds", async () => {
    expect(await run('$parseDate("20240301", "yyyyMMdd")')).toBe("2024-03-01T00:00:00Z");
    expect(await run('$parseDate("01-Mar-2024 5:07 PM", "dd-MMM-yyyy h:mm a", "America/Los_Angeles")')).toBe("2024-03-01T17:07:00-08:00");
    expect(await run("$parseDate(0)")).toBe("1970-01-01T00:00:00Z");
  });

  it("gives nothing for a missing value", async () => {
    expect(await run('{ "d": $parseDate(missing), "n": $parseDate(null) }', {})).toEqual({});
  });

  it("fails clearly on an invalid date, format mismatch or zone", async () => {
    const bad = await failure('$parseDate("2024-13-01")');
    expect(bad.code).toBe("MAPPING_ARGUMENT");
    expect(bad.message).toMatch(/^\$parseDate: "2024-13-01" is not a valid date .*month.* at position 11$/);
    expect(bad.token).toBe("parseDate");
    expect((await failure('$parseDate("2024-03-01", "MM/dd/yyyy")')).message).toContain('in the format "MM/dd/yyyy"');
    expect((await failure('$parseDate("2024-03-01", undefined, "Mars/Olympus")')).message).toContain('"Mars/Olympus" is not a known time zone');
    expect((await failure('$parseDate("2024-03-01", undefined, "local")')).message).toContain("depends on the server");
    expect((await failure("$parseDate(true)")).message).toContain("expected a date as text");
  });
});

describe("$formatDate", () => {
  it("formats in the zone given, else in the value's own offset", async () => {
    expect(await run('$formatDate("2024-03-01T03:30:00Z", "yyyy-MM-dd", "America/New_York")')).toBe("2024-02-29");
    expect(await run('$formatDate("2024-03-01T22:00:00-05:00", "yyyy-MM-dd HH:mm")')).toBe("2024-03-01 22:00");
    expect(await run('$formatDate("2024-03-01T22:00:00-05:00", "EEE d MMM yyyy ZZ")')).toBe("Fri 1 Mar 2024 -05:00");
  });

  it("returns ISO 8601 without a format", async () => {
    expect(await run('$formatDate("2024-03-01T12:00:00Z", null, "Asia/Tokyo")')).toBe("2024-03-01T21:00:00+09:00");
  });

  it("fails on a value that is not a date", async () => {
    expect((await failure('$formatDate("yesterday", "yyyy")')).message).toContain('"yesterday" is not a valid date');
    expect(await run('$formatDate(nothing, "yyyy")')).toBeUndefined();
  });
});

describe("$toZone", () => {
  it("expresses the same instant in another zone, daylight saving included", async () => {
    expect(await run('$toZone("2024-01-15T12:00:00Z", "America/New_York")')).toBe("2024-01-15T07:00:00-05:00");
    expect(await run('$toZone("2024-07-15T12:00:00Z", "America/New_York")')).toBe("2024-07-15T08:00:00-04:00");
    expect(await run('$toZone("2024-07-15T12:00:00+02:00", "UTC")')).toBe("2024-07-15T10:00:00Z");
  });

  it("requires a valid zone", async () => {
    expect((await failure('$toZone("2024-01-15T12:00:00Z")')).message).toContain("the time zone is missing");
    expect((await failure('$toZone("2024-01-15T12:00:00Z", "EST5EDT-ish")')).code).toBe("MAPPING_ARGUMENT");
  });
});

describe("$addDuration", () => {
  it("adds ISO 8601 durations, calendar-aware", async () => {
    expect(await run('$addDuration("2024-01-31", "P1M")')).toBe("2024-02-29");
    expect(await run('$addDuration("2024-03-01T10:00:00Z", "PT2H30M")')).toBe("2024-03-01T12:30:00Z");
    expect(await run('$addDuration("2024-03-04", "-P3D")')).toBe("2024-03-01");
  });

  it("keeps the wall-clock time across a DST change when a zone is given", async () => {
    expect(await run('$addDuration("2024-03-09T12:00:00-05:00", "P1D", "America/New_York")')).toBe("2024-03-10T12:00:00-04:00");
    // Without the zone the fixed offset is kept: 24 hours later.
    expect(await run('$addDuration("2024-03-09T12:00:00-05:00", "P1D")')).toBe("2024-03-10T12:00:00-05:00");
  });

  it("turns a date into a timestamp when the duration has a time part", async () => {
    expect(await run('$addDuration("2024-03-01", "PT36H")')).toBe("2024-03-02T12:00:00Z");
  });

  it("fails on an invalid duration", async () => {
    expect((await failure('$addDuration("2024-03-01", "3 days")')).message).toContain('"3 days" is not an ISO 8601 duration');
  });
});

describe("$businessDaysAdd", () => {
  it("skips weekends forward and backward", async () => {
    expect(await run('$businessDaysAdd("2024-03-01", 1)')).toBe("2024-03-04"); // Fri → Mon
    expect(await run('$businessDaysAdd("2024-03-04", -1)')).toBe("2024-03-01"); // Mon → Fri
    expect(await run('$businessDaysAdd("2024-03-01", 10)')).toBe("2024-03-15");
    expect(await run('$businessDaysAdd("2024-03-02", 0)')).toBe("2024-03-02");
  });

  it("takes the weekday in the zone, keeping the time of day", async () => {
    // Friday evening in New York is already Saturday in UTC.
    expect(await run('$businessDaysAdd("2024-03-01T23:30:00-05:00", 1)')).toBe("2024-03-04T23:30:00-05:00");
    expect(await run('$businessDaysAdd("2024-03-01T23:30:00-05:00", 1, "UTC")')).toBe("2024-03-04T04:30:00Z");
  });

  it("skips holidays", async () => {
    expect(await run('$businessDaysAdd("2024-12-24", 1, null, ["2024-12-25", "2024-12-26"])')).toBe("2024-12-27");
  });

  it("fails on bad counts and holidays", async () => {
    expect((await failure('$businessDaysAdd("2024-03-01", 1.5)')).message).toContain("must be a whole number");
    expect((await failure('$businessDaysAdd("2024-03-01", 100000)')).message).toContain("between -10000 and 10000");
    expect((await failure('$businessDaysAdd("2024-03-01", 1, null, ["25/12/2024"])')).message).toContain("holidays must be dates");
  });
});
