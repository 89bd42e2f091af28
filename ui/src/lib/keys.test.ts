import { describe, expect, it } from "vitest";
import { fold, formKey, typeaheadIndex } from "./keys";

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

describe("a form's keys", () => {
  const key = (init: KeyboardEventInit) => ({ ctrlKey: false, metaKey: false, ...init }) as KeyboardEvent;
  it("saves with Ctrl or ⌘ and Enter or S, cancels with Escape", () => {
    expect(formKey(key({ key: "Enter", ctrlKey: true }))).toBe("save");
    expect(formKey(key({ key: "s", metaKey: true }))).toBe("save");
    expect(formKey(key({ key: "S", ctrlKey: true }))).toBe("save");
    expect(formKey(key({ key: "Escape" }))).toBe("cancel");
    expect(formKey(key({ key: "Enter" }))).toBeNull();
    expect(formKey(key({ key: "s" }))).toBeNull();
  });
  it("leaves Ctrl+S alone where asked", () => {
    expect(formKey(key({ key: "s", ctrlKey: true }), { ctrlS: false })).toBeNull();
    expect(formKey(key({ key: "Enter", ctrlKey: true }), { ctrlS: false })).toBe("save");
  });
});
