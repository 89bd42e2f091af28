import { describe, expect, it } from "vitest";
import type { SettingsView } from "./bindings/SettingsView";
import { changesOf, errorsOf, sectionsOf, valuesOf } from "./settingsForm";

const view: SettingsView = {
  table_name: "Financieringstafel",
  table_region: "",
  table_title: "Financieringstafel",
  user_name: "",
  user_organisation: "",
  default_owner: "",
  language: "nl",
  retention_months: 24,
  backup_folder: "/data/back-ups",
  backup_folder_is_default: true,
  backup_every_hours: 24,
  backup_keep: 10,
  matching: [
    { key: "matching.weights.ticket_fit", section: "weights", section_explanation: "Hoe zwaar elk deel weegt.", value: "35", explanation: "ticket" },
    { key: "matching.weights.sector", section: "weights", section_explanation: "Hoe zwaar elk deel weegt.", value: "20", explanation: "sectorfocus" },
    { key: "matching.stack.max_stacks", section: "stack", section_explanation: "", value: "5", explanation: "hoogstens zoveel" },
  ],
  matching_file: "/data/matching.toml",
};

describe("the settings form", () => {
  it("shows every key as text, the default backup folder as empty", () => {
    const values = valuesOf(view);
    expect(values["table.name"]).toBe("Financieringstafel");
    expect(values["backup.folder"]).toBe("");
    expect(values["backup.keep"]).toBe("10");
    expect(values["matching.weights.sector"]).toBe("20");
  });

  it("sends only what changed (surrounding spaces are no change)", () => {
    const before = valuesOf(view);
    const now = { ...before, "table.name": "Kapitaaltafel Zeeland", "matching.weights.sector": "25", "user.name": "  " };
    expect(changesOf(before, now)).toEqual([
      { key: "table.name", value: "Kapitaaltafel Zeeland" },
      { key: "matching.weights.sector", value: "25" },
    ]);
    expect(changesOf(before, before)).toEqual([]);
  });

  it("groups the matching settings by section in file order and finds a key's errors", () => {
    expect(sectionsOf(view).map((g) => [g.section, g.items.length, g.explanation])).toEqual([
      ["weights", 2, "Hoe zwaar elk deel weegt."],
      ["stack", 1, ""],
    ]);
    const errors = [
      { field: "table.name", code: "required", message: "Vul de naam van de tafel in.", message_en: "Fill in the name." },
      { field: "backup.keep", code: "number_range", message: "x", message_en: "x" },
    ];
    expect(errorsOf(errors, "table.name").map((e) => e.code)).toEqual(["required"]);
    expect(errorsOf(errors, "user.name")).toEqual([]);
  });
});
