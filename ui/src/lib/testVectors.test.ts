// The parsers the UI runs as the user types, against the same vectors as the core's
// (`money::parse_euros`, `parse_date`): one file each in assets/test-vectors, read by both suites.
import { describe, expect, it } from "vitest";
import amounts from "../../../assets/test-vectors/amounts.json";
import dates from "../../../assets/test-vectors/dates.json";
import { parseAmount, parseDay, parseEuros } from "./format";

type AmountVector = { input: string; cents?: number; error?: string };
type DateVector = { input: string; date: string | null };

describe("shared test vectors", () => {
  it("reads every amount as the core does: the same cents, or the same error code", () => {
    const vectors = amounts.vectors as AmountVector[];
    expect(vectors.length).toBeGreaterThanOrEqual(40);
    for (const v of vectors) {
      const want = v.cents !== undefined ? { cents: v.cents } : { error: v.error };
      expect(parseAmount(v.input), JSON.stringify(v.input)).toEqual(want);
      // The optional-field form: empty text is "no amount", any error is "not an amount".
      expect(parseEuros(v.input), JSON.stringify(v.input)).toBe(v.cents ?? (v.input.trim() === "" ? null : undefined));
    }
  });

  it("reads every date as the core does", () => {
    const vectors = dates.vectors as DateVector[];
    expect(vectors.length).toBeGreaterThanOrEqual(20);
    for (const v of vectors) expect(parseDay(v.input), JSON.stringify(v.input)).toBe(v.date);
  });
});
