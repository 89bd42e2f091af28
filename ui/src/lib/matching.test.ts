import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "./i18n";
import {
  buildStackRequest,
  builderErrorText,
  clampScore,
  confidenceLevel,
  distinctValues,
  excludeTranche,
  filterMatches,
  formatScore,
  formatShare,
  NO_FILTER,
  pinErrors,
  pinTranche,
  reasonIcon,
  reasonLabel,
  reasonText,
  scoreLevel,
  shortGuaranteeName,
  unexclude,
  unpin,
} from "./matching";
import { matchReport, pinOutsideRange, tranche } from "../test/matchFixtures";

afterEach(() => setLanguage("nl"));

describe("reasons", () => {
  const failed = matchReport.excluded[0].reasons[0];

  it("reads Dutch first and English when switched", () => {
    expect(reasonText(failed)).toBe("buiten regio: financier werkt alleen in Limburg");
    setLanguage("en");
    expect(reasonText(failed)).toBe("outside region: financier works only in Limburg");
    expect(reasonText({ ...failed, en: "" })).toBe("buiten regio: financier werkt alleen in Limburg");
  });

  it("marks each kind with its own icon and words", () => {
    expect(["matched", "failed", "uncertain", "note"].map(reasonIcon)).toEqual(["✓", "✗", "?", "·"]);
    expect(reasonLabel("matched")).toBe("past");
    expect(reasonLabel("failed")).toBe("past niet");
    expect(reasonLabel("uncertain")).toBe("onzeker");
    expect(reasonIcon("something_newer")).toBe("·");
    setLanguage("en");
    expect(reasonLabel("failed")).toBe("fails");
  });
});

describe("scores and shares", () => {
  it("formats a score as a whole number within 0–100", () => {
    expect(formatScore(63)).toBe("63");
    expect(formatScore(62.5)).toBe("63");
    expect(formatScore(0)).toBe("0");
    expect(formatScore(130)).toBe("100");
    expect(formatScore(-4)).toBe("0");
    expect(formatScore(null)).toBe("—");
    expect(formatScore(Number.NaN)).toBe("—");
    expect(clampScore(Number.POSITIVE_INFINITY)).toBe(0);
  });

  it("bands scores and confidence", () => {
    expect([80, 70, 69, 45, 44].map(scoreLevel)).toEqual(["high", "high", "medium", "medium", "low"]);
    expect([75, 74, 50, 49].map(confidenceLevel)).toEqual(["high", "medium", "medium", "low"]);
  });

  it("shows a share of the need in Dutch notation", () => {
    expect(formatShare(40_800_000, 70_000_000)).toBe("58,3%");
    expect(formatShare(70_000_000, 70_000_000)).toBe("100%");
    expect(formatShare(35_000_000, 70_000_000)).toBe("50%");
    expect(formatShare(1, 0)).toBe("—");
  });

  it("shortens a guarantee scheme's name", () => {
    expect(shortGuaranteeName("BMKB (Borgstelling MKB-kredieten)")).toBe("BMKB");
    expect(shortGuaranteeName("BMKB-Groen")).toBe("BMKB-Groen");
  });
});

describe("match filters", () => {
  const all = matchReport.matches;

  it("keeps the report's order and filters by capital type, financier type and minimum score", () => {
    expect(filterMatches(all, NO_FILTER).map((m) => m.instrument_id)).toEqual(["ins-ing", "ins-floryn", "ins-rom"]);
    expect(filterMatches(all, { ...NO_FILTER, capitalType: "overdraft" }).map((m) => m.financier_name)).toEqual(["Floryn"]);
    expect(filterMatches(all, { ...NO_FILTER, financierType: "bank" }).map((m) => m.financier_name)).toEqual(["ING"]);
    expect(filterMatches(all, { ...NO_FILTER, minScore: 60 }).map((m) => m.score)).toEqual([63, 60]);
    expect(filterMatches(all, { capitalType: "equity", financierType: "bank", minScore: 0 })).toEqual([]);
  });

  it("offers only the values among the matches", () => {
    expect(distinctValues(all, "capital_type")).toEqual(["senior_loan", "overdraft", "equity"]);
    expect(distinctValues(all, "financier_type")).toEqual(["bank", "fintech_lender", "rom"]);
  });
});

describe("stack request", () => {
  const ing = tranche();
  const floryn = tranche({ financier_id: "fin-floryn", financier_name: "Floryn", instrument_id: "ins-floryn", instrument_name: "Flexibel bedrijfskrediet", capital_type: "overdraft", guarantee: null });

  it("pins a tranche with its financier, instrument, capital type and the chosen amount", () => {
    const pins = pinTranche([], ing, 25_000_000);
    expect(pins).toEqual([
      { financier_id: "fin-ing", instrument_id: "ins-ing", amount_cents: 25_000_000, capital_type: "senior_loan", label: "ING – Zakelijke financiering" },
    ]);
    expect(buildStackRequest(pins, [], [])).toEqual({
      pinned: [{ financier_id: "fin-ing", instrument_id: "ins-ing", amount_cents: 25_000_000, capital_type: "senior_loan" }],
      excluded_instruments: [],
      acceptable_capital_types: [],
    });
  });

  it("replaces the pin of an instrument pinned again, keeping the order", () => {
    let pins = pinTranche([], ing, 25_000_000);
    pins = pinTranche(pins, floryn, 10_000_000);
    pins = pinTranche(pins, ing, 30_000_000);
    expect(pins.map((p) => [p.instrument_id, p.amount_cents])).toEqual([
      ["ins-ing", 30_000_000],
      ["ins-floryn", 10_000_000],
    ]);
    expect(unpin(pins, "ins-ing").map((p) => p.instrument_id)).toEqual(["ins-floryn"]);
  });

  it("excludes an instrument once and drops its pin", () => {
    const pins = pinTranche([], ing, 25_000_000);
    const first = excludeTranche(pins, [], ing);
    expect(first.pins).toEqual([]);
    expect(first.exclusions).toEqual([{ instrument_id: "ins-ing", label: "ING – Zakelijke financiering" }]);
    const again = excludeTranche(first.pins, first.exclusions, ing);
    expect(again.exclusions).toHaveLength(1);
    const both = excludeTranche(again.pins, again.exclusions, floryn);
    expect(buildStackRequest(both.pins, both.exclusions, ["equity"])).toEqual({
      pinned: [],
      excluded_instruments: ["ins-ing", "ins-floryn"],
      acceptable_capital_types: ["equity"],
    });
    expect(unexclude(both.exclusions, "ins-ing").map((e) => e.instrument_id)).toEqual(["ins-floryn"]);
  });

  it("leaves out a capital type the pin does not name", () => {
    const request = buildStackRequest([{ financier_id: "f", instrument_id: "i", amount_cents: 100, label: "x" }], [], []);
    expect(request.pinned).toEqual([{ financier_id: "f", instrument_id: "i", amount_cents: 100 }]);
    expect("capital_type" in request.pinned[0]).toBe(false);
  });

  it("ties the core's pin messages to the pinned instrument", () => {
    const pins = buildStackRequest(pinTranche([], ing, 500_000_000), [], []).pinned;
    expect(pinErrors(pinOutsideRange, pins)).toEqual({ "ins-ing": pinOutsideRange.fields[0].message });
    expect(pinErrors(null, pins)).toEqual({});
    expect(builderErrorText(pinOutsideRange)).toBe(pinOutsideRange.fields[0].message);
    setLanguage("en");
    expect(builderErrorText(pinOutsideRange)).toContain("is outside what the instrument can take");
    expect(builderErrorText({ ...pinOutsideRange, fields: [] })).toBe(pinOutsideRange.message_en);
  });
});
