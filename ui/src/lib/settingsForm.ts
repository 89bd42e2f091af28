// The settings screen's form: the values as typed, and the changes to send (only the keys that differ
// from what the core gave). The rules and the checks live in the core (tafel::service::settings).

import type { FieldError } from "./bindings/FieldError";
import type { SettingChange } from "./bindings/SettingChange";
import type { SettingsView } from "./bindings/SettingsView";

/** The form's values by setting key (`table.name`, `matching.weights.sector`, …), all text. */
export type SettingsValues = Record<string, string>;

/** The values of a settings view, by key. The default backup folder is shown as empty: it stays the default. */
export function valuesOf(view: SettingsView): SettingsValues {
  const values: SettingsValues = {
    "table.name": view.table_name,
    "table.region": view.table_region,
    "user.name": view.user_name,
    "user.organisation": view.user_organisation,
    "cases.default_owner": view.default_owner,
    "ui.language": view.language,
    "retention.months": String(view.retention_months),
    "backup.folder": view.backup_folder_is_default ? "" : view.backup_folder,
    "backup.every_hours": String(view.backup_every_hours),
    "backup.keep": String(view.backup_keep),
  };
  for (const m of view.matching) values[m.key] = m.value;
  return values;
}

/** The keys whose value was changed, in form order. */
export function changesOf(before: SettingsValues, now: SettingsValues): SettingChange[] {
  return Object.keys(now)
    .filter((key) => (now[key] ?? "").trim() !== (before[key] ?? "").trim())
    .map((key) => ({ key, value: now[key] ?? "" }));
}

/** The core's field errors of one key. */
export function errorsOf(errors: readonly FieldError[], key: string): FieldError[] {
  return errors.filter((e) => e.field === key);
}

/** The matching settings grouped by section, in file order. */
export function sectionsOf(view: SettingsView): { section: string; explanation: string; items: SettingsView["matching"] }[] {
  const groups: { section: string; explanation: string; items: SettingsView["matching"] }[] = [];
  for (const item of view.matching) {
    let group = groups.find((g) => g.section === item.section);
    if (!group) {
      group = { section: item.section, explanation: item.section_explanation, items: [] };
      groups.push(group);
    }
    group.items.push(item);
  }
  return groups;
}
