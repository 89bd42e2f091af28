// Dutch first, English switchable. UI text lives in lib/i18n/, one file a feature, merged here behind
// one t()/MessageKey; the English of each is in lib/i18n/en/, a script of its own loaded only when
// English is chosen (lang.svelte.ts, loadEnglish). Taxonomy labels and error messages come from the
// core in both languages.

import type { ErrorPayload } from "./bindings/ErrorPayload";
import type { FieldError } from "./bindings/FieldError";
import { englishTexts, language } from "./lang.svelte";
import { findLabel, type TaxonomyList } from "./taxonomy.svelte";

import * as common from "./i18n/common";
import * as cases from "./i18n/cases";
import * as fields from "./i18n/fields";
import * as importing from "./i18n/import";
import * as register from "./i18n/register";
import * as matching from "./i18n/matching";
import * as meetings from "./i18n/meetings";
import * as outcome from "./i18n/outcome";
import * as report from "./i18n/report";
import * as data from "./i18n/data";
import * as erasure from "./i18n/erasure";
import * as sharing from "./i18n/sharing";
import * as settings from "./i18n/settings";
import * as dossier from "./i18n/dossier";

export { language, loadEnglish, setLanguage, toggleLanguage, type Lang } from "./lang.svelte";

/** The Dutch dictionaries per feature (lib/i18n/*.ts), merged into one `nl`. */
export const sections = { common, cases, fields, import: importing, register, matching, meetings, outcome, report, data, erasure, sharing, settings, dossier } as const;

const nl = {
  ...common.nl,
  ...cases.nl,
  ...fields.nl,
  ...importing.nl,
  ...register.nl,
  ...matching.nl,
  ...meetings.nl,
  ...outcome.nl,
  ...report.nl,
  ...data.nl,
  ...erasure.nl,
  ...sharing.nl,
  ...settings.nl,
  ...dossier.nl,
} as const;

export type MessageKey = keyof typeof nl;

export const dictionaries = { nl } as const;

/** A key's text in `lang`: Dutch, or English once loaded (Dutch until then). */
export function textIn(lang: "nl" | "en", key: MessageKey): string {
  return (lang === "en" ? englishTexts()?.[key] : undefined) ?? nl[key];
}

/** The UI text for a key in the current language; `{name}` placeholders are filled from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  let text: string = textIn(language.current, key) ?? key;
  if (params) {
    for (const [name, value] of Object.entries(params)) text = text.replaceAll(`{${name}}`, String(value));
  }
  return text;
}

/** True when the key names a field label (`field.<path>`). */
function isMessageKey(key: string): key is MessageKey {
  return key in nl;
}

/** Label of a form field by its draft path (`company.kvk`, `amount_eur`); the path itself if unknown. */
export function fieldLabel(path: string): string {
  const key = `field.${path}`;
  return isMessageKey(key) ? t(key) : path;
}

/** Label of a taxonomy value in the current language; the id itself when unknown. */
export function tl(list: TaxonomyList, id: string | null | undefined): string {
  if (id === null || id === undefined || id === "") return "—";
  const label = findLabel(list, id);
  if (!label) return id;
  return language.current === "en" ? label.en : label.nl;
}

/** A field error's message in the current language. */
export function fieldErrorText(error: FieldError): string {
  return language.current === "en" ? error.message_en || error.message : error.message;
}

/** An error payload's message in the current language. */
export function errorText(error: ErrorPayload): string {
  return language.current === "en" ? error.message_en || error.message : error.message;
}
