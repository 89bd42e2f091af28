// Typed wrappers around the Tauri commands of src-tauri/src/main.rs.
// Every rejection is normalised to an ErrorPayload, whatever the shell threw.

import { invoke } from "@tauri-apps/api/core";
import type { AppInfo } from "./bindings/AppInfo";
import type { Case } from "./bindings/Case";
import type { CaseDraft } from "./bindings/CaseDraft";
import type { CaseFilter } from "./bindings/CaseFilter";
import type { CaseSummary } from "./bindings/CaseSummary";
import type { CaseWithHistory } from "./bindings/CaseWithHistory";
import type { ErrorPayload } from "./bindings/ErrorPayload";
import type { Financier } from "./bindings/Financier";
import type { FinancierSummary } from "./bindings/FinancierSummary";
import type { Taxonomy } from "./bindings/Taxonomy";

/** What `list_cases` takes: the core gives every missing field its default (`#[serde(default)]`),
 *  so the UI sends only the criteria it uses and keeps working when the core adds more. */
export type CaseFilterInput = Partial<CaseFilter>;

/** A JSON merge patch on a case: any subset of the draft; `null` clears a field. */
export type CasePatch = Partial<Omit<CaseDraft, "company">> & { company?: Partial<NonNullable<CaseDraft["company"]>> | null };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Turns anything a command rejected with into an ErrorPayload. */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (isRecord(err) && typeof err.code === "string" && typeof err.message === "string") {
    return {
      code: err.code,
      message: err.message,
      message_en: typeof err.message_en === "string" ? err.message_en : err.message,
      fields: Array.isArray(err.fields) ? (err.fields as ErrorPayload["fields"]) : [],
      rows: Array.isArray(err.rows) ? (err.rows as ErrorPayload["rows"]) : [],
    };
  }
  const text = err instanceof Error ? err.message : typeof err === "string" ? err : JSON.stringify(err);
  return {
    code: "internal",
    message: `Onverwachte fout: ${text}`,
    message_en: `Unexpected error: ${text}`,
    fields: [],
    rows: [],
  };
}

/** True when a value is an ErrorPayload (as thrown by these wrappers). */
export function isErrorPayload(value: unknown): value is ErrorPayload {
  return isRecord(value) && typeof value.code === "string" && typeof value.message === "string" && Array.isArray(value.fields);
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (err) {
    throw toErrorPayload(err);
  }
}

export const api = {
  appInfo: () => call<AppInfo>("app_info"),
  taxonomy: () => call<Taxonomy>("taxonomy"),
  listCases: (filter: CaseFilterInput) => call<CaseSummary[]>("list_cases", { filter }),
  getCase: (id: string) => call<CaseWithHistory>("get_case", { id }),
  addCase: (draft: CaseDraft) => call<Case>("add_case", { draft }),
  updateCase: (id: string, patch: CasePatch) => call<Case>("update_case", { id, patch }),
  deleteCase: (id: string) => call<Case>("delete_case", { id }),
  listFinanciers: () => call<FinancierSummary[]>("list_financiers"),
  getFinancier: (id: string) => call<Financier>("get_financier", { id }),
};
