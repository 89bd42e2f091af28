// The Dutch UI texts hold no untranslated English and no stored codes (issue #15): every
// Dutch message is scanned for English words that slipped in before ("On hold", "Closing",
// "unknown") and for what reads as an id (snake_case, ISO dates).

import { describe, expect, it } from "vitest";
import { dictionaries } from "./i18n";

const ENGLISH = new Set([
  "the", "and", "with", "unknown", "range", "closing", "hold", "guarantees", "can", "use", "from", "up", "at", "most",
  "taxonomy", "taxonomie", "change", "changed", "created", "deleted", "none", "true", "false", "null", "save", "cancel",
  "delete", "edit", "search", "loading", "error", "settings", "please",
]);

/** What in a Dutch text is English or a code. */
export function untranslated(text: string): string[] {
  const found: string[] = [];
  // Placeholders such as {n} or {date} are filled in, not shown.
  const shown = text.replace(/\{[a-zA-Z_]+\}/g, " ");
  for (const word of shown.split(/[^\p{L}\p{N}_-]+/u)) {
    if (word === "") continue;
    if (ENGLISH.has(word.toLowerCase())) found.push(word);
    else if (/^[a-z0-9]+(_[a-z0-9]+)+$/.test(word)) found.push(word);
    else if (/^\d{4}-\d{2}-\d{2}/.test(word)) found.push(word);
  }
  return found;
}

describe("Dutch UI texts", () => {
  it("finds English words and codes", () => {
    expect(untranslated("Status: On hold")).toEqual(["hold"]);
    expect(untranslated("outcome_on 2027-03-06")).toEqual(["outcome_on", "2027-03-06"]);
    expect(untranslated("Besproken aan tafel op {date}")).toEqual([]);
  });

  it("hold neither English nor codes", () => {
    const bad = Object.entries(dictionaries.nl)
      .map(([key, text]) => [key, untranslated(text)] as const)
      .filter(([, words]) => words.length > 0);
    expect(bad).toEqual([]);
  });
});
