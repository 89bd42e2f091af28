import { beforeEach, describe, expect, it } from "vitest";
import type { FinancierSummary } from "./bindings/FinancierSummary";
import { filterRegister, noRegisterCriteria, present } from "./registerFilter";
import { setTaxonomy } from "./taxonomy.svelte";
import { taxonomy } from "../test/fixtures";

const row = (over: Partial<FinancierSummary>): FinancierSummary => ({
  id: "f",
  name: "F",
  financier_type: "bank",
  regions: ["NL"],
  capital_types: ["senior_loan"],
  instrument_count: 1,
  verified_on: null,
  uncertain: false,
  stale: true,
  ...over,
});

const register = [
  row({ id: "rabo", name: "Rabobank" }),
  row({ id: "bom", name: "BOM", financier_type: "rom", regions: ["NB"], capital_types: ["equity", "subordinated_loan"] }),
  row({ id: "liof", name: "LIOF", financier_type: "rom", regions: ["LI"], capital_types: ["equity"] }),
  row({ id: "qredits", name: "Qredits", financier_type: "microfinancier", capital_types: ["microcredit"] }),
];

beforeEach(() => setTaxonomy(taxonomy));

describe("register filters", () => {
  it("filters by kind, region (a national financier serves every province) and capital type", () => {
    const ids = (c: Partial<typeof noRegisterCriteria>) => filterRegister(register, { ...noRegisterCriteria, ...c }).map((f) => f.id);
    expect(ids({})).toEqual(["rabo", "bom", "liof", "qredits"]);
    expect(ids({ types: ["rom"] })).toEqual(["bom", "liof"]);
    expect(ids({ regions: ["NB"] })).toEqual(["rabo", "bom", "qredits"]);
    expect(ids({ regions: ["NL"] })).toEqual(["rabo", "qredits"]);
    expect(ids({ capitalTypes: ["equity"] })).toEqual(["bom", "liof"]);
    expect(ids({ types: ["rom"], regions: ["LI"], capitalTypes: ["equity"] })).toEqual(["liof"]);
    expect(ids({ text: "bo", types: ["rom"] })).toEqual(["bom"]);
  });

  it("offers only what the register holds", () => {
    expect(present(register, "financier_type").sort()).toEqual(["bank", "microfinancier", "rom"]);
    expect(present(register, "capital_types").sort()).toEqual(["equity", "microcredit", "senior_loan", "subordinated_loan"]);
  });
});
