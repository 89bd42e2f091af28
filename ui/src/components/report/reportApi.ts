// Typed wrappers of the report's shell commands (src-tauri/src/main.rs: table_figures,
// export_report); rejections are normalised to an ErrorPayload like every other command.

import { invoke } from "@tauri-apps/api/core";
import { toErrorPayload } from "../../lib/api";
import type { Lang } from "../../lib/bindings/Lang";
import type { ReportExport } from "../../lib/bindings/ReportExport";
import type { ReportFormat } from "../../lib/bindings/ReportFormat";
import type { TableFigures } from "../../lib/bindings/TableFigures";

async function call<T>(command: string, args: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (err) {
    throw toErrorPayload(err);
  }
}

export const reportApi = {
  /** The table's figures for a period; dates as typed (`2026-01-01` or `1-1-2026`), both days included. */
  tableFigures: (from: string, to: string) => call<TableFigures>("table_figures", { from, to }),
  /** Writes the report to `path`: xlsx (the numbers), pdf (with charts, in `lang`) or json. */
  exportReport: (from: string, to: string, format: ReportFormat, lang: Lang, path: string, operation?: string) =>
    call<ReportExport>("export_report", { from, to, format, lang, path, operation }),
};
