import { describe, expect, it } from "vitest";
import { fold, typeaheadIndex } from "./keys";

describe("type-ahead in a chip group", () => {
  const labels = ["Bancaire lening", "Eigen vermogen", "Microkrediet", "Borgstelling / garantie", "Crowdfunding", "Coöperatieve lening"];

  it("moves to the next label starting with what was typed, from after the current one", () => {
    expect(typeaheadIndex(labels, 0, "m")).toBe(2);
    expect(typeaheadIndex(labels, 0, "b")).toBe(3);
    expect(typeaheadIndex(labels, 3, "b")).toBe(0); // wraps around
    expect(typeaheadIndex(labels, 0, "bo")).toBe(3);
  });

  it("cycles through labels with the same letter when it is repeated, and ignores accents", () => {
    expect(typeaheadIndex(labels, 4, "cc")).toBe(5);
    expect(typeaheadIndex(labels, 0, "coop")).toBe(5);
    expect(fold("Coöperatie")).toBe("cooperatie");
  });

  it("gives -1 when nothing matches", () => {
    expect(typeaheadIndex(labels, 0, "x")).toBe(-1);
    expect(typeaheadIndex([], 0, "a")).toBe(-1);
  });
});
