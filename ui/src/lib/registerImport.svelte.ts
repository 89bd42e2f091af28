// The import page's state for a financier register sheet, and which kind of import the page shows.

import { api } from "./api";
import type { RegisterColumnMapping } from "./bindings/RegisterColumnMapping";
import type { RegisterImportPreview } from "./bindings/RegisterImportPreview";
import type { RegisterImportReport } from "./bindings/RegisterImportReport";
import type { RegisterRow } from "./bindings/RegisterRow";
import type { ImportField } from "./bindings/ImportField";
import type { RegisterPreviewRow } from "./bindings/RegisterPreviewRow";
import { formatNumber } from "./format";
import { t, tl } from "./i18n";
import type { TaxonomyList } from "./taxonomy.svelte";
import { importFieldLabel, SheetImportModel, type ImportStat, type ImportSummary, type SampleColumn } from "./sheetImport.svelte";

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

/** A register sheet's preview counts: rows, instruments new, changed and unchanged, bad rows. */
export function registerImportStats(preview: RegisterImportPreview): ImportStat[] {
  return [
    { key: "total", n: preview.total_rows, label: t("import.total"), tone: "" },
    { key: "new", n: preview.new_rows, label: t("import.new"), tone: "ok" },
    { key: "updated", n: preview.updated_rows, label: t("import.updated"), tone: "ok" },
    { key: "unchanged", n: preview.unchanged_rows, label: t("import.unchanged"), tone: "" },
    { key: "errors", n: preview.errors.length, label: t("import.errors"), tone: "bad" },
  ];
}

/** What a register import did: rows imported, instruments and financiers added or changed, bad rows skipped. */
export function registerImportSummary(report: RegisterImportReport): ImportSummary {
  return {
    lines: [
      t("import.registerImported", { n: formatNumber(report.rows) }),
      t("import.instrumentCounts", {
        created: formatNumber(report.instruments_created),
        updated: formatNumber(report.instruments_updated),
        unchanged: formatNumber(report.unchanged),
      }),
      t("import.financierCounts", { created: formatNumber(report.financiers_created), updated: formatNumber(report.financiers_updated) }),
      t("import.skippedErrors", { n: formatNumber(report.errors.length) }),
    ],
    data: {
      imported: report.rows,
      "instruments-created": report.instruments_created,
      "instruments-updated": report.instruments_updated,
      unchanged: report.unchanged,
    },
  };
}

/** The sample table's columns for a register sheet, headed as the register's import fields. */
export function registerSampleColumns(fields: readonly ImportField[]): SampleColumn<RegisterPreviewRow>[] {
  const head = (path: string) => importFieldLabel(fields, path);
  const labels = (row: RegisterRow, field: "regions" | "capital_types" | "stages" | "sectors", list: TaxonomyList) =>
    registerList(row, field)
      .map((id) => tl(list, id))
      .join(", ");
  return [
    { head: head("name"), cell: ({ entry }) => entry.name, kind: "name" },
    { head: head("instrument_name"), cell: ({ entry }) => entry.instrument_name ?? entry.name },
    { head: head("financier_type"), cell: ({ entry }) => (entry.financier_type ? tl("financier_types", entry.financier_type) : null) },
    { head: head("regions"), cell: ({ entry }) => labels(entry, "regions", "regions") },
    { head: head("capital_types"), cell: ({ entry }) => labels(entry, "capital_types", "capital_types") },
    { head: head("ticket_min_eur"), cell: ({ entry }) => entry.ticket_min_eur, kind: "num" },
    { head: head("ticket_max_eur"), cell: ({ entry }) => entry.ticket_max_eur, kind: "num" },
    { head: head("stages"), cell: ({ entry }) => labels(entry, "stages", "stages") },
    { head: head("sectors"), cell: ({ entry }) => labels(entry, "sectors", "sectors") },
    { head: head("verified_on"), cell: ({ entry }) => entry.verified_on, kind: "num" },
  ];
}
