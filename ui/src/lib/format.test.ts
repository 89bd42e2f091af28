import { describe, expect, it } from "vitest";
import { centsToInput, formatCents, formatDate, formatDateTime, formatFileSize, formatNumber, formatTicketRange, parseDay, parseEuros } from "./format";

describe("formatCents", () => {
  it("writes whole euros without decimals, dots for thousands", () => {
    expect(formatCents(125_000_000)).toBe("€ 1.250.000");
    expect(formatCents(85_000_000)).toBe("€ 850.000");
    expect(formatCents(100)).toBe("€ 1");
    expect(formatCents(0)).toBe("€ 0");
  });
  it("keeps cents with a decimal comma when not whole", () => {
    expect(formatCents(125_000_050)).toBe("€ 1.250.000,50");
    expect(formatCents(5)).toBe("€ 0,05");
  });
  it("handles negatives and missing values", () => {
    expect(formatCents(-500_000)).toBe("€ -5.000");
    expect(formatCents(null)).toBe("—");
    expect(formatCents(undefined)).toBe("—");
  });
});

describe("formatTicketRange", () => {
  it("shows both bounds", () => {
    expect(formatTicketRange(5_000_000, 200_000_000, "onbekend")).toBe("€ 50.000 – € 2.000.000");
  });
  it("names unknown bounds", () => {
    expect(formatTicketRange(null, 200_000_000, "onbekend")).toBe("onbekend – € 2.000.000");
    expect(formatTicketRange(5_000_000, null, "unknown")).toBe("€ 50.000 – unknown");
    expect(formatTicketRange(null, null, "onbekend")).toBe("onbekend");
  });
});

describe("centsToInput", () => {
  it("gives text the server parses back to the same amount", () => {
    expect(centsToInput(85_000_000)).toBe("850.000");
    expect(centsToInput(125_000_050)).toBe("1.250.000,50");
    expect(centsToInput(null)).toBe("");
  });
});

describe("formatDate", () => {
  it("turns ISO dates into dd-mm-jjjj", () => {
    expect(formatDate("2026-11-21")).toBe("21-11-2026");
    expect(formatDate("2026-01-05T10:00:00Z")).toBe("05-01-2026");
  });
  it("shows a dash for no date and leaves odd text alone", () => {
    expect(formatDate(null)).toBe("—");
    expect(formatDate("")).toBe("—");
    expect(formatDate("morgen")).toBe("morgen");
  });
});

describe("formatDateTime", () => {
  it("shows local date and time", () => {
    const local = new Date(2026, 10, 21, 14, 5).toISOString();
    expect(formatDateTime(local)).toBe("21-11-2026 14:05");
  });
});

describe("formatNumber", () => {
  it("groups thousands", () => {
    expect(formatNumber(12500)).toBe("12.500");
    expect(formatNumber(7)).toBe("7");
    expect(formatNumber(null)).toBe("—");
  });
});

describe("parseEuros", () => {
  it("reads the ways people write amounts, like the core", () => {
    expect(parseEuros("1,2 mln")).toBe(120_000_000);
    expect(parseEuros("€ 850.000")).toBe(85_000_000);
    expect(parseEuros("850k")).toBe(85_000_000);
    expect(parseEuros("40000")).toBe(4_000_000);
    expect(parseEuros("€ 1.250.000,50")).toBe(125_000_050);
    expect(parseEuros("1.5m")).toBe(150_000_000);
    expect(parseEuros("EUR 12.500,-")).toBe(1_250_000);
    expect(parseEuros("2 miljoen")).toBe(200_000_000);
    expect(parseEuros("12,5")).toBe(1_250);
  });

  it("gives null for nothing and undefined for what is not a positive amount", () => {
    expect(parseEuros("  ")).toBeNull();
    expect(parseEuros("veel")).toBeUndefined();
    expect(parseEuros("-5")).toBeUndefined();
    expect(parseEuros("0")).toBeUndefined();
  });
});

describe("parseDay", () => {
  it("reads dates as the table writes them", () => {
    expect(parseDay("1-2-2026")).toBe("2026-02-01");
    expect(parseDay("01/02/2026")).toBe("2026-02-01");
    expect(parseDay("2026-02-01")).toBe("2026-02-01");
    expect(parseDay("30-02-2026")).toBeNull();
    expect(parseDay("gisteren")).toBeNull();
  });
});

describe("formatFileSize", () => {
  it("gives megabytes with a Dutch comma from 1 MB on, whole kilobytes below", () => {
    expect(formatFileSize(1_572_864)).toBe("1,5 MB");
    expect(formatFileSize(1_572_864, "en")).toBe("1.5 MB");
    expect(formatFileSize(1500)).toBe("2 kB");
    expect(formatFileSize(0)).toBe("1 kB");
  });
});
