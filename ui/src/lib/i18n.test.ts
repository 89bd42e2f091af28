import { afterEach, describe, expect, it, vi } from "vitest";
import { dictionaries, errorText, fieldErrorText, fieldLabel, language, sections, setLanguage, t, textIn, tl, toggleLanguage } from "./i18n";
import { en, sections as englishSections } from "./i18n/en";
import { setTaxonomy } from "./taxonomy.svelte";
import { invalidInput, taxonomy } from "../test/fixtures";

afterEach(() => setLanguage("nl"));

describe("i18n", () => {
  it("speaks Dutch first", () => {
    expect(language.current).toBe("nl");
    expect(t("nav.cases")).toBe("Casussen");
    expect(t("form.editTitle", { number: "2026-0007" })).toBe("Casus 2026-0007 bewerken");
  });

  it("switches to English and back", () => {
    toggleLanguage();
    expect(language.current).toBe("en");
    expect(t("nav.cases")).toBe("Cases");
    toggleLanguage();
    expect(t("nav.cases")).toBe("Casussen");
  });

  it("loads the English texts only when English is chosen, speaking Dutch until they are in", async () => {
    vi.resetModules();
    const fresh = await import("./i18n");
    const lang = await import("./lang.svelte");
    expect(lang.englishTexts()).toBeNull();
    fresh.setLanguage("en");
    expect(fresh.t("nav.cases")).toBe("Casussen");
    await fresh.loadEnglish();
    expect(fresh.t("nav.cases")).toBe("Cases");
    fresh.setLanguage("nl");
  });

  it("has an English text for every Dutch key, none empty", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(dictionaries.nl).sort());
    for (const text of [...Object.values(dictionaries.nl), ...Object.values(en)]) expect(text.trim()).not.toBe("");
    expect(textIn("en", "nav.cases")).toBe("Cases");
    expect(textIn("nl", "nav.cases")).toBe("Casussen");
  });

  it("keeps each feature's texts in its own file: the same keys in nl and en, none in two files", () => {
    const seen = new Map<string, string>();
    for (const [name, section] of Object.entries(sections)) {
      expect(Object.keys(englishSections[name as keyof typeof englishSections]).sort(), name).toEqual(Object.keys(section.nl).sort());
      for (const key of Object.keys(section.nl)) {
        expect(seen.get(key), `${key} in ${name}`).toBeUndefined();
        seen.set(key, name);
      }
    }
    expect([...seen.keys()].sort()).toEqual(Object.keys(dictionaries.nl).sort());
  });

  it("takes taxonomy labels from the core", () => {
    setTaxonomy(taxonomy);
    expect(tl("provinces", "NH")).toBe("Noord-Holland");
    setLanguage("en");
    expect(tl("provinces", "NH")).toBe("North Holland");
    expect(tl("provinces", "XX")).toBe("XX");
    expect(tl("provinces", null)).toBe("—");
  });

  it("shows field errors and error payloads in the current language", () => {
    const kvk = invalidInput.fields[0];
    expect(fieldErrorText(kvk)).toContain("KvK-nummer moet");
    expect(errorText(invalidInput)).toContain("Controleer de invoer");
    setLanguage("en");
    expect(fieldErrorText(kvk)).toContain("KvK number must");
    expect(errorText(invalidInput)).toContain("Check the input");
  });

  it("labels fields by draft path", () => {
    expect(fieldLabel("company.kvk")).toBe("KvK-nummer");
    expect(fieldLabel("nonsense")).toBe("nonsense");
  });
});
