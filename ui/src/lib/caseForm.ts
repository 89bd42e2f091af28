// The case form's values, conversion to and from the core's draft, and saving.

import { api } from "./api";
import type { Case } from "./bindings/Case";
import type { CaseDraft } from "./bindings/CaseDraft";
import { centsToInput } from "./format";

/** Company fields typed as text (their draft path is `company.<name>`). */
export const COMPANY_TEXT_FIELDS = [
  "name",
  "kvk",
  "legal_form",
  "founding_year",
  "province",
  "municipality",
  "address",
  "contact_name",
  "contact_email",
  "contact_phone",
  "employees",
  "turnover_eur",
  "equity_eur",
] as const;

/** Case fields typed as text, chosen from a list or picked as a date. */
export const CASE_TEXT_FIELDS = [
  "amount_eur",
  "purpose",
  "stage",
  "sector",
  "sbi_code",
  "source",
  "referrer",
  "earlier_declines",
  "disclosure",
  "consent_from",
  "consent_until",
  "status",
  "owner",
  "next_action",
  "next_action_due",
  "notes",
  "pitch",
  "intake_date",
] as const;

export type CompanyTextField = (typeof COMPANY_TEXT_FIELDS)[number];
export type CaseTextField = (typeof CASE_TEXT_FIELDS)[number];
/** Draft path of a text field: `company.kvk`, `amount_eur`, … */
export type TextPath = `company.${CompanyTextField}` | CaseTextField;

/** Everything the form holds, exactly as typed. */
export interface CaseFormValues {
  text: Record<TextPath, string>;
  naturalPerson: boolean;
  capitalTypes: string[];
  consentFinancierIds: string[];
}

/** Today as `YYYY-MM-DD` in local time. */
export function todayIso(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

function blankText(): Record<TextPath, string> {
  const text = {} as Record<TextPath, string>;
  for (const f of COMPANY_TEXT_FIELDS) text[`company.${f}`] = "";
  for (const f of CASE_TEXT_FIELDS) text[f] = "";
  return text;
}

/** A new case: intake today, status intake, anonymised summary only. */
export function emptyForm(today: string = todayIso()): CaseFormValues {
  const text = blankText();
  text.status = "intake";
  text.disclosure = "public_summary";
  text.source = "other";
  text.intake_date = today;
  return { text, naturalPerson: false, capitalTypes: [], consentFinancierIds: [] };
}

const str = (v: string | number | null | undefined): string => (v === null || v === undefined ? "" : String(v));

/** The form filled from a stored case (amounts back from cents to Dutch euro text). */
export function formFromCase(c: Case): CaseFormValues {
  const text = blankText();
  const co = c.company;
  text["company.name"] = co.name;
  text["company.kvk"] = str(co.kvk);
  text["company.legal_form"] = str(co.legal_form);
  text["company.founding_year"] = str(co.founding_year);
  text["company.province"] = co.province;
  text["company.municipality"] = str(co.municipality);
  text["company.address"] = str(co.address);
  text["company.contact_name"] = str(co.contact_name);
  text["company.contact_email"] = str(co.contact_email);
  text["company.contact_phone"] = str(co.contact_phone);
  text["company.employees"] = str(co.employees);
  text["company.turnover_eur"] = centsToInput(co.turnover_cents);
  text["company.equity_eur"] = centsToInput(co.equity_cents);
  text.amount_eur = centsToInput(c.amount_cents);
  text.purpose = c.purpose;
  text.stage = c.stage;
  text.sector = c.sector;
  text.sbi_code = str(c.sbi_code);
  text.source = c.source;
  text.referrer = str(c.referrer);
  text.earlier_declines = str(c.earlier_declines);
  text.disclosure = c.disclosure;
  text.consent_from = str(c.consent_from);
  text.consent_until = str(c.consent_until);
  text.status = c.status;
  text.owner = str(c.owner);
  text.next_action = str(c.next_action);
  text.next_action_due = str(c.next_action_due);
  text.notes = str(c.notes);
  text.pitch = str(c.pitch);
  text.intake_date = c.intake_date;
  return {
    text,
    naturalPerson: co.natural_person,
    capitalTypes: [...c.capital_types],
    consentFinancierIds: [...c.consent_financier_ids],
  };
}

/** Empty text is "not given" (`null`); everything else goes to the core as typed, which parses it. */
const orNull = (v: string): string | null => (v.trim() === "" ? null : v);

/** The draft for `add_case`, also a complete merge patch for `update_case`. */
export function draftFromForm(values: CaseFormValues): CaseDraft {
  const x = values.text;
  return {
    company: {
      name: orNull(x["company.name"]),
      kvk: orNull(x["company.kvk"]),
      legal_form: orNull(x["company.legal_form"]),
      founding_year: orNull(x["company.founding_year"]),
      province: orNull(x["company.province"]),
      municipality: orNull(x["company.municipality"]),
      address: orNull(x["company.address"]),
      contact_name: orNull(x["company.contact_name"]),
      contact_email: orNull(x["company.contact_email"]),
      contact_phone: orNull(x["company.contact_phone"]),
      employees: orNull(x["company.employees"]),
      turnover_eur: orNull(x["company.turnover_eur"]),
      equity_eur: orNull(x["company.equity_eur"]),
      natural_person: values.naturalPerson,
    },
    amount_eur: orNull(x.amount_eur),
    purpose: orNull(x.purpose),
    stage: orNull(x.stage),
    sector: orNull(x.sector),
    sbi_code: orNull(x.sbi_code),
    capital_types: [...values.capitalTypes],
    source: orNull(x.source),
    referrer: orNull(x.referrer),
    earlier_declines: orNull(x.earlier_declines),
    disclosure: orNull(x.disclosure),
    consent_financier_ids: [...values.consentFinancierIds],
    consent_from: orNull(x.consent_from),
    consent_until: orNull(x.consent_until),
    status: orNull(x.status),
    owner: orNull(x.owner),
    next_action: orNull(x.next_action),
    next_action_due: orNull(x.next_action_due),
    notes: orNull(x.notes),
    pitch: orNull(x.pitch),
    intake_date: orNull(x.intake_date),
  };
}

/** Saves a new case (`id` null) or the whole form as a patch on an existing one; a refusal rejects with
 *  the core's ErrorPayload (field errors by draft path), which the form's Submission keeps.
 *  `version` is the case's `updated_at` when the form was opened: if another window or the CLI
 *  changed the case since, the core refuses the save (code `case_changed_meanwhile`) instead of
 *  overwriting that change. */
export function saveCase(id: string | null, values: CaseFormValues, version: string | null = null): Promise<Case> {
  const draft = draftFromForm(values);
  return id === null ? api.addCase(draft) : api.updateCase(id, version ? { ...draft, expected_updated_at: version } : draft);
}
