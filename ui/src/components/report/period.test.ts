import { describe, expect, it } from "vitest";
import { defaultFileName, formatCentsShort, formatShare, presetOf, presetPeriod, toDutch, withExtension } from "./period";

const today = new Date(2026, 10, 22); // 22 November 2026

describe("report period", () => {
  it("turns presets into periods seen from today", () => {
    expect(presetPeriod("thisYear", today)).toEqual({ from: "2026-01-01", to: "2026-12-31" });
    expect(presetPeriod("lastYear", today)).toEqual({ from: "2025-01-01", to: "2025-12-31" });
    expect(presetPeriod("thisQuarter", today)).toEqual({ from: "2026-10-01", to: "2026-12-31" });
    expect(presetPeriod("thisQuarter", new Date(2024, 1, 10))).toEqual({ from: "2024-01-01", to: "2024-03-31" });
    expect(presetPeriod("thisQuarter", new Date(2026, 5, 30))).toEqual({ from: "2026-04-01", to: "2026-06-30" });
    expect(presetPeriod("last12Months", today)).toEqual({ from: "2025-11-23", to: "2026-11-22" });
    expect(presetPeriod("last12Months", new Date(2024, 1, 29))).toEqual({ from: "2023-03-01", to: "2024-02-29" });
    expect(presetOf({ from: "2025-01-01", to: "2025-12-31" }, today)).toBe("lastYear");
    expect(presetOf({ from: "2025-01-01", to: "2025-12-30" }, today)).toBeNull();
  });

  it("reads dates as the table writes them", () => {
    expect(toDutch("2026-02-01")).toBe("01-02-2026");
  });

  it("names export files and follows the format's extension", () => {
    expect(defaultFileName({ from: "2026-01-01", to: "2026-12-31" }, "pdf")).toBe("tafel-rapportage-2026-01-01-tm-2026-12-31.pdf");
    expect(withExtension("/tmp/rapport.xlsx", "pdf")).toBe("/tmp/rapport.pdf");
    expect(withExtension("/tmp/rapport", "json")).toBe("/tmp/rapport.json");
  });

  it("formats shares and short amounts the Dutch way", () => {
    expect(formatShare(0.625)).toBe("63%");
    expect(formatShare(null)).toBe("—");
    expect(formatShare(Number.NaN)).toBe("—");
    expect(formatCentsShort(150_000_000)).toBe("€ 1,5 mln");
    expect(formatCentsShort(25_000_000)).toBe("€ 250k");
    expect(formatCentsShort(90_000)).toBe("€ 900");
  });
});
