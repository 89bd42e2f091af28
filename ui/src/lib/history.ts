// Turns change-log entries into readable timeline lines, in Dutch formatting.

import type { ChangeEntry } from "./bindings/ChangeEntry";
import { formatCents, formatDate, formatDateTime, formatNumber } from "./format";
import { fieldLabel, t, tl, type MessageKey } from "./i18n";
import type { TaxonomyList } from "./taxonomy.svelte";

export interface ChangeLine {
  field: string;
  label: string;
  before: string;
  after: string;
}

/** Keys that are bookkeeping, not something a person changed. */
const HIDDEN = new Set(["id", "company_id", "financier_id", "case_id", "created_at", "updated_at"]);

/** An erasure entry holds ids and counts only; the timeline shows its summary instead. */
const ERASURE = "erasure";

/** Which taxonomy a stored field's values come from. */
const TAXONOMY_OF: Record<string, TaxonomyList> = {
  purpose: "purposes",
  stage: "stages",
  sector: "sectors",
  capital_types: "capital_types",
  source: "sources",
  disclosure: "disclosures",
  status: "case_statuses",
  "company.province": "provinces",
  "financier.financier_type": "financier_types",
  "financier.regions": "regions",
  "instrument.capital_types": "capital_types",
  "instrument.stages": "stages",
  "instrument.sectors": "sectors",
  "instrument.regions": "regions",
  "instrument.sector_mode": "list_modes",
  "instrument.stage_mode": "list_modes",
};

const DATE_FIELDS = new Set(["intake_date", "consent_from", "consent_until", "next_action_due", "instrument.verified_on"]);

/** Entities whose keys are shown under their own prefix (`company.kvk`, `instrument.name`, …). */
const PREFIXED = new Set(["company", "financier", "instrument", "contact"]);

/** The form path of a stored key: company and register keys get their entity as prefix, cents become the euro field. */
export function fieldPath(entity: string, key: string): string {
  const base = key.replace(/_cents$/, "_eur");
  return PREFIXED.has(entity) ? `${entity}.${base}` : base;
}

/** A stored value as the user reads it. */
export function formatValue(path: string, key: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) {
    if (value.length === 0) return "—";
    return value.map((v) => formatValue(path, key, v)).join(", ");
  }
  if (typeof value === "boolean") return value ? t("common.yes") : t("common.no");
  if (path === "tranches" && typeof value === "object") return trancheText(value as Record<string, unknown>);
  if (key.endsWith("_cents") && typeof value === "number") return formatCents(value);
  const list = TAXONOMY_OF[path];
  if (list && typeof value === "string") return tl(list, value);
  if (DATE_FIELDS.has(path) && typeof value === "string") return formatDate(value);
  if (key === "deleted_at" && typeof value === "string") return formatDateTime(value);
  if (typeof value === "number") return path === "company.founding_year" ? String(value) : formatNumber(value);
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** A plan's tranche as the change log records it: `ING € 408.000`. */
function trancheText(tranche: Record<string, unknown>): string {
  const who = typeof tranche.financier === "string" ? tranche.financier : "?";
  const amount = typeof tranche.amount_cents === "number" ? formatCents(tranche.amount_cents) : "—";
  return `${who} ${amount}`;
}

function labelOf(path: string, key: string): string {
  if (key === "deleted_at") return t("timeline.deletedAt");
  return fieldLabel(path);
}

/** The changed fields of one entry, in a stable order. */
export function changeLines(entry: ChangeEntry): ChangeLine[] {
  const changes = (entry.changes ?? {}) as Record<string, [unknown, unknown]>;
  const lines: ChangeLine[] = [];
  if (entry.entity === ERASURE) return lines;
  for (const [key, pair] of Object.entries(changes)) {
    if (HIDDEN.has(key) || !Array.isArray(pair)) continue;
    const path = fieldPath(entry.entity, key);
    lines.push({
      field: path,
      label: labelOf(path, key),
      before: formatValue(path, key, pair[0]),
      after: formatValue(path, key, pair[1]),
    });
  }
  return lines;
}

/** The headline of an entry: "Casus gewijzigd", "Bedrijf aangemaakt", … */
export function entryTitle(entry: ChangeEntry): string {
  const titles: Record<string, MessageKey> = {
    "case.create": "timeline.caseCreate",
    "case.update": "timeline.caseUpdate",
    "case.delete": "timeline.caseDelete",
    "company.create": "timeline.companyCreate",
    "company.update": "timeline.companyUpdate",
    "company.delete": "timeline.companyDelete",
    "financier.create": "timeline.financierCreate",
    "financier.update": "timeline.financierUpdate",
    "financier.delete": "timeline.financierDelete",
    "instrument.create": "timeline.instrumentCreate",
    "instrument.update": "timeline.instrumentUpdate",
    "instrument.delete": "timeline.instrumentDelete",
    "contact.create": "timeline.contactCreate",
    "contact.update": "timeline.contactUpdate",
    "contact.delete": "timeline.contactDelete",
    "plan.create": "timeline.planCreate",
    "plan.update": "timeline.planUpdate",
    "erasure.company": "timeline.erasure",
    "erasure.company_contact": "timeline.erasure",
    "erasure.contact": "timeline.erasure",
    "erasure.retention": "timeline.erasureRetention",
    "setting.update": "timeline.settingUpdate",
  };
  const key = titles[`${entry.entity}.${entry.action}`];
  return key ? t(key) : t("timeline.other");
}

/** The surface a change came through, as a word. */
export function viaLabel(source: string): string {
  if (source === "ui") return t("source.ui");
  if (source === "cli") return t("source.cli");
  if (source === "import") return t("source.import");
  return source;
}

/** What an instrument or contact entry is about: its name now, or the name the entry records. */
export function entrySubject(entry: ChangeEntry, names: Readonly<Record<string, string>> = {}): string | null {
  if (entry.entity !== "instrument" && entry.entity !== "contact") return null;
  if (names[entry.entity_id]) return names[entry.entity_id];
  const pair = (entry.changes ?? {})["name"];
  if (Array.isArray(pair)) {
    const name = pair[1] ?? pair[0];
    if (typeof name === "string" && name !== "") return name;
  }
  return null;
}
