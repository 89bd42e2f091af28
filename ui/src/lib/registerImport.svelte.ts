// The import page's state for a financier register sheet, and which kind of import the page shows.

import { api } from "./api";
import type { RegisterColumnMapping } from "./bindings/RegisterColumnMapping";
import type { RegisterImportPreview } from "./bindings/RegisterImportPreview";
import type { RegisterImportReport } from "./bindings/RegisterImportReport";
import type { RegisterRow } from "./bindings/RegisterRow";
import { SheetImportModel } from "./sheetImport.svelte";

export class RegisterImportModel extends SheetImportModel<RegisterColumnMapping, RegisterImportPreview, RegisterImportReport> {
  constructor() {
    super({
      fields: () => api.registerImportFields(),
      preview: (path, mapping) => api.previewRegisterImport(path, mapping),
      run: (path, mapping, mode) => api.importRegister(path, mapping, mode),
    });
  }
}

/** The register import's state, kept while the user looks elsewhere. */
export const registerImport = new RegisterImportModel();

/** What the import page imports. */
export type ImportKind = "cases" | "register";

/** The kind the import page shows; kept while the user looks elsewhere. */
export const importKind = $state<{ current: ImportKind }>({ current: "cases" });

/** The values of a `;`-separated list field of a register row ("GR;FR;DR"). */
export function registerList(row: RegisterRow, field: "regions" | "capital_types" | "stages" | "sectors"): string[] {
  return (row[field] ?? "")
    .split(";")
    .map((v) => v.trim())
    .filter((v) => v !== "");
}
