import { afterEach, describe, expect, it } from "vitest";
import { retentionSentence, sameName } from "./erasure";
import { setLanguage } from "./i18n";

afterEach(() => setLanguage("nl"));

const due = { case_id: "c", case_number: "2024-0001", status: "financed" as const, closed_on: "2024-05-01", deleted: false, company_id: "co" };

describe("erasure", () => {
  it("takes a typed name as the core does: spacing and case aside, never empty", () => {
    expect(sameName(" bakkerij  de korenaar b.v.", "Bakkerij De Korenaar B.V.")).toBe(true);
    expect(sameName("Bakkerij De Korenaar", "Bakkerij De Korenaar B.V.")).toBe(false);
    expect(sameName("", "")).toBe(false);
  });

  it("says how many closed cases the retention rule would anonymise, or that it is off", () => {
    expect(retentionSentence({ months: 24, cutoff: "2024-12-02", cases: [due, due], company_ids: [] })).toBe(
      "2 afgesloten casussen worden geanonimiseerd (laatste statuswijziging vóór 02-12-2024)",
    );
    expect(retentionSentence({ months: 24, cutoff: "2024-12-02", cases: [due], company_ids: [] })).toContain("1 afgesloten casus wordt");
    expect(retentionSentence({ months: null, cutoff: null, cases: [], company_ids: [] })).toContain("staat uit");
    setLanguage("en");
    expect(retentionSentence({ months: 24, cutoff: "2024-12-02", cases: [], company_ids: [] })).toContain("0 closed cases will be anonymised");
  });
});
