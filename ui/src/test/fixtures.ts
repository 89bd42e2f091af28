// Sample data shaped exactly like the core's answers (typed by the generated bindings).

import { tl } from "../lib/i18n";
import type { AppInfo } from "../lib/bindings/AppInfo";
import type { ChangeEntry } from "../lib/bindings/ChangeEntry";
import type { ReadableChange } from "../lib/bindings/ReadableChange";
import type { Case } from "../lib/bindings/Case";
import type { CaseFilter } from "../lib/bindings/CaseFilter";
import type { CaseImportPreview } from "../lib/bindings/CaseImportPreview";
import type { CasePage } from "../lib/bindings/CasePage";
import type { CaseSummary } from "../lib/bindings/CaseSummary";
import type { ErrorPayload } from "../lib/bindings/ErrorPayload";
import type { FieldError } from "../lib/bindings/FieldError";
import type { ImportField } from "../lib/bindings/ImportField";
import type { RegisterImportPreview } from "../lib/bindings/RegisterImportPreview";
import type { RegisterImportReport } from "../lib/bindings/RegisterImportReport";
import type { Taxonomy } from "../lib/bindings/Taxonomy";
import type { TaxonomyLabel } from "../lib/bindings/TaxonomyLabel";

const label = (id: string, nl: string, en: string = nl): TaxonomyLabel => ({ id, nl, en });

export const taxonomy: Taxonomy = {
  capital_types: [
    label("senior_loan", "Bancaire (investerings)lening", "Senior term loan"),
    label("equity", "Eigen vermogen / participatie", "Equity"),
    label("microcredit", "Microkrediet", "Microcredit"),
    label("guarantee", "Borgstelling / garantie", "Guarantee (e.g. BMKB, GO)"),
  ],
  financier_types: [label("bank", "Bank"), label("rom", "Regionale ontwikkelingsmaatschappij (ROM)", "Regional development company (ROM)")],
  stages: [label("seed", "Seed"), label("growth", "Groei", "Growth")],
  sectors: [label("energy", "Energie", "Energy"), label("other", "Overig", "Other")],
  provinces: [label("UT", "Utrecht"), label("NB", "Noord-Brabant", "North Brabant"), label("NH", "Noord-Holland", "North Holland")],
  regions: [label("NL", "Heel Nederland", "All of the Netherlands"), label("UT", "Utrecht")],
  purposes: [label("growth", "Groei", "Growth"), label("working_capital", "Werkkapitaal", "Working capital")],
  case_statuses: [
    label("intake", "Intake"),
    label("screening", "Screening"),
    label("ready", "Gereed voor tafel", "Ready for the table"),
    label("presented", "Gepresenteerd", "Presented"),
    label("in_assessment", "In beoordeling", "In assessment"),
    label("financed", "Gefinancierd", "Financed"),
    label("partly_financed", "Deels gefinancierd", "Partly financed"),
  ],
  response_statuses: [
    label("summary_sent", "Samenvatting verstuurd", "Summary sent"),
    label("interested", "Geïnteresseerd", "Interested"),
    label("info_requested", "Informatie gevraagd", "Information requested"),
    label("committed", "Toegezegd", "Committed"),
    label("declined", "Afgewezen", "Declined"),
  ],
  decline_reasons: [
    label("outside_mandate_region", "Buiten mandaat: regio", "Outside mandate: region"),
    label("solvency", "Solvabiliteit te laag", "Solvency"),
    label("other", "Anders", "Other"),
  ],
  sources: [label("bank_decline", "Afwijzing door bank", "Bank decline"), label("other", "Anders", "Other")],
  disclosures: [label("public_summary", "Geanonimiseerd, alle leden", "Anonymised, all members"), label("named", "Op naam, alleen met toestemming", "Named, only with consent")],
  referral_bases: [
    label("named_consent", "Toestemming ondernemer (op naam)", "Entrepreneur's consent (named)"),
    label("anonymised", "Alleen geanonimiseerd gedeeld", "Shared anonymised only"),
  ],
  meeting_statuses: [label("planned", "Gepland", "Planned"), label("in_progress", "Bezig", "In progress"), label("closed", "Afgesloten", "Closed")],
  list_modes: [label("focus", "focus (ook daarbuiten)", "focus (others too)"), label("exclusive", "alleen deze", "only these")],
  document_types: [label("business_plan", "Ondernemingsplan"), label("annual_accounts", "Jaarrekening"), label("kvk_extract", "KvK-uittreksel"), label("other", "Overig")],
  document_levels: [label("coordinator", "Alleen coördinator"), label("consented", "Financiers met toestemming"), label("table", "Hele tafel")],
  text_encodings: [label("utf8", "UTF-8"), label("utf16_le", "UTF-16 LE"), label("utf16_be", "UTF-16 BE"), label("windows1252", "Windows-1252")],
  // As the core sends them (`CaseStatusGroups::get`).
  case_status_groups: {
    open: ["intake", "screening", "ready", "presented", "matching", "in_assessment"],
    outcomes: ["financed", "partly_financed", "not_financed", "withdrawn", "referred"],
    end: ["closed"],
    waiting_for_financier: ["presented", "matching", "in_assessment"],
    agenda: ["ready", "presented", "matching", "in_assessment"],
  },
};

export const appInfo = {
  db_path: "/home/coordinator/.local/share/tafel/tafel.db",
  schema_version: 3,
  case_count: 2,
  financier_count: 5,
  author: "marieke",
} as unknown as AppInfo;

export function summary(n: number, overrides: Partial<CaseSummary> = {}): CaseSummary {
  return {
    id: `id-${n}`,
    case_number: `2026-${String(n).padStart(4, "0")}`,
    company_name: `Bedrijf ${n}`,
    kvk: null,
    province: "UT",
    amount_cents: 25_000_000,
    purpose: "growth",
    stage: "growth",
    sector: "energy",
    capital_types: ["senior_loan"],
    status: "intake",
    owner: null,
    intake_date: "2026-03-01",
    next_action_due: null,
    consent_until: null,
    updated_at: "2026-03-01T10:00:00Z",
    ...overrides,
  };
}

/** The arguments of `list_case_page` (a type, not an interface, so mockIPC's args cast to it). */
export type PageArgs = { filter: CaseFilter; offset: number; limit: number };

/** What `list_case_page` answers for a list of cases: the rows from `offset` (at most `limit`,
 *  which the core caps at 1,000) and how many there are in all. */
export function pageOf(rows: readonly CaseSummary[], args: unknown): CasePage {
  const { offset, limit } = args as PageArgs;
  return { total: rows.length, offset, rows: rows.slice(offset, offset + Math.min(limit, 1000)) };
}

/** `count` cases, numbered from 1. */
export function summaries(count: number): CaseSummary[] {
  return Array.from({ length: count }, (_, i) => summary(i + 1));
}

export const storedCase: Case = {
  id: "case-1",
  case_number: "2026-0007",
  company: {
    id: "company-1",
    name: "Bakkerij De Korenaar B.V.",
    kvk: "71234567",
    legal_form: "bv",
    founding_year: 2012,
    province: "UT",
    municipality: "Amersfoort",
    address: "Langestraat 1",
    contact_name: "Jan de Vries",
    contact_email: "jan@example.nl",
    contact_phone: "033 123 45 67",
    employees: 14,
    turnover_cents: 120_000_000,
    equity_cents: -500_000,
    natural_person: false,
    erased_at: null,
  },
  amount_cents: 85_000_000,
  amount_eur: 850_000,
  purpose: "growth",
  stage: "growth",
  sector: "other",
  sbi_code: "1071",
  capital_types: ["senior_loan", "guarantee"],
  source: "bank_decline",
  referrer: "Rabobank",
  earlier_declines: "Bank: onvoldoende zekerheden",
  disclosure: "named",
  consent_financier_ids: ["fin-1"],
  consent_from: "2026-02-01",
  consent_until: "2026-11-21",
  status: "screening",
  owner: "marieke",
  next_action: "Jaarcijfers opvragen",
  next_action_due: "2026-04-01",
  notes: "Tweede vestiging gepland.",
  pitch: null,
  intake_date: "2026-01-15",
  created_at: "2026-01-15T09:00:00Z",
  updated_at: "2026-01-20T09:00:00Z",
  anonymised_at: null,
};

/** The shell's refusal of a path the user did not choose in its native dialog (as main.rs sends it). */
export const pathNotChosen: ErrorPayload = {
  code: "invalid_input",
  message: 'Controleer de invoer: Kies het bestand met "Bladeren…": Tafel schrijft alleen bestanden die u zelf in het venster van het systeem kiest, niet /tmp/b.tafelbackup.',
  message_en: 'Check the input: Choose the file with "Browse…": Tafel only writes files you choose yourself in the system\'s dialog, not /tmp/b.tafelbackup.',
  fields: [
    {
      field: "path",
      code: "path_not_chosen",
      message: 'Kies het bestand met "Bladeren…": Tafel schrijft alleen bestanden die u zelf in het venster van het systeem kiest, niet /tmp/b.tafelbackup.',
      message_en: 'Choose the file with "Browse…": Tafel only writes files you choose yourself in the system\'s dialog, not /tmp/b.tafelbackup.',
    },
  ],
  rows: [],
};

/** The core's refusal of a form with these field errors (its summary line kept short). */
export const refused = (...fields: FieldError[]): ErrorPayload => ({ code: "invalid_input", message: "Controleer de invoer.", message_en: "Check the input.", fields, rows: [] });

export const invalidInput: ErrorPayload = {
  code: "invalid_input",
  message: "Controleer de invoer: KvK-nummer moet uit precies 8 cijfers bestaan (ingevuld: \"123\"). Gevraagd bedrag is verplicht.",
  message_en: "Check the input: KvK number must be exactly 8 digits (given: \"123\"). Amount needed is required.",
  fields: [
    {
      field: "company.kvk",
      code: "kvk_format",
      message: "KvK-nummer moet uit precies 8 cijfers bestaan (ingevuld: \"123\").",
      message_en: "KvK number must be exactly 8 digits (given: \"123\").",
    },
    { field: "amount_eur", code: "required", message: "Gevraagd bedrag is verplicht.", message_en: "Amount needed is required." },
    { field: "capital_types", code: "required", message: "Kies ten minste één kapitaalsoort.", message_en: "Choose at least one capital type." },
  ],
  rows: [],
};

// ---- Case import -----------------------------------------------------------------------------

export const importFields: ImportField[] = [
  { path: "company.name", label_nl: "Bedrijfsnaam", label_en: "Company name", required: true },
  { path: "company.kvk", label_nl: "KvK-nummer", label_en: "KvK number", required: false },
  { path: "company.province", label_nl: "Provincie", label_en: "Province", required: true },
  { path: "amount_eur", label_nl: "Gevraagd bedrag", label_en: "Amount needed", required: true },
  { path: "notes", label_nl: "Notities", label_en: "Notes", required: false },
];

export const preview: CaseImportPreview = {
  headers: ["Naam", "KvK", "Prov", "Bedrag", "Opmerking"],
  mapping: {
    columns: [
      { column: "Naam", field: "company.name" },
      { column: "KvK", field: "company.kvk" },
      { column: "Prov", field: "company.province" },
      { column: "Bedrag", field: "amount_eur" },
      { column: "Opmerking", field: null },
    ],
  },
  mapping_guessed: true,
  missing_fields: [],
  sample: [
    {
      row: 2,
      draft: {
        company: { name: "Bakkerij Zonnedauw", kvk: "71234567", province: "UT" } as never,
        amount_eur: "250000",
        purpose: "growth",
        stage: "growth",
        sector: "other",
        capital_types: ["senior_loan"],
      } as never,
    },
  ],
  total_rows: 200,
  valid_rows: 195,
  new_rows: 192,
  errors: [
    {
      line: 14,
      errors: [
        { field: "company.kvk", code: "kvk_format", message: "KvK-nummer moet uit precies 8 cijfers bestaan (ingevuld: \"123\").", message_en: "KvK number must be exactly 8 digits." },
        { field: "amount_eur", code: "required", message: "Gevraagd bedrag is verplicht.", message_en: "Amount needed is required." },
      ],
    },
    { line: 40, errors: [{ field: "company.province", code: "unknown_value", message: "Provincie \"Brabant-Noord\" bestaat niet.", message_en: "" }] },
  ],
  duplicates: [{ row: 77, reason: "Zelfde casus als regel 12: Bakkerij Zonnedauw.", reason_en: "Same case as row 12.", existing_case: null, same_as_row: 12 }],
  encoding: "windows1252",
};

// ---- Register import -------------------------------------------------------------------------

export const registerImportFields: ImportField[] = [
  { path: "name", label_nl: "Naam financier", label_en: "Financier name", required: true },
  { path: "instrument_name", label_nl: "Naam instrument", label_en: "Instrument name", required: false },
  { path: "financier_type", label_nl: "Type financier", label_en: "Financier type", required: true },
  { path: "regions", label_nl: "Regio's", label_en: "Regions", required: true },
  { path: "capital_types", label_nl: "Kapitaalsoorten", label_en: "Capital types", required: true },
  { path: "ticket_max_eur", label_nl: "Ticket maximum", label_en: "Maximum ticket", required: false },
  { path: "uncertain", label_nl: "Onzeker", label_en: "Uncertain", required: false },
];

export const registerPreview: RegisterImportPreview = {
  headers: ["Naam", "Fonds", "Soort financier", "Werkgebied", "Kapitaalsoort(en)", "Maximaal bedrag", "Contactpersoon"],
  mapping: {
    columns: [
      { column: "Naam", field: "name" },
      { column: "Fonds", field: "instrument_name" },
      { column: "Soort financier", field: "financier_type" },
      { column: "Werkgebied", field: "regions" },
      { column: "Kapitaalsoort(en)", field: "capital_types" },
      { column: "Maximaal bedrag", field: "ticket_max_eur" },
      { column: "Contactpersoon", field: null },
    ],
  },
  mapping_guessed: true,
  missing_fields: [],
  sample: [
    {
      row: 2,
      entry: {
        name: "Rabobank",
        instrument_name: "Zakelijke financiering",
        financier_type: "bank",
        regions: "NL",
        capital_types: "senior_loan;equity",
        ticket_min_eur: null,
        ticket_max_eur: "€ 2 mln",
        stages: null,
        sectors: null,
        rules: null,
        source_url: null,
        verified_on: null,
        uncertain: null,
      },
    },
  ],
  total_rows: 7,
  valid_rows: 5,
  errors: [
    { line: 5, errors: [{ field: "financier_type", code: "unknown_value", message: "Type financier \"pandjeshuis\" is geen bekende waarde; kies er een uit de lijst.", message_en: "Financier type \"pandjeshuis\" is not a known value; choose one from the list." }] },
    { line: 8, errors: [{ field: "ticket_max_eur", code: "ticket_order", message: "Maximum ticket is kleiner dan het minimum.", message_en: "Maximum ticket is below the minimum." }] },
  ],
  new_rows: 4,
  updated_rows: 1,
  unchanged_rows: 0,
  financiers_created: 3,
  financiers_updated: 0,
};

/** What importing `registerPreview`'s valid rows made. */
export const registerReport: RegisterImportReport = {
  mapping: registerPreview.mapping,
  total_rows: 7,
  rows: 5,
  financiers_created: 3,
  financiers_updated: 0,
  instruments_created: 4,
  instruments_updated: 1,
  unchanged: 0,
  errors: registerPreview.errors,
};

/**
 * A stand-in for the core's `report::history` in component tests: the few entries the tests
 * record, as the timeline receives them (the real sentences are tested in the core).
 */
export function timelineOf(history: readonly ChangeEntry[]): ReadableChange[] {
  const same = (text: string) => ({ nl: text, en: text });
  return history.map((e) => {
    const changes = (e.changes ?? {}) as Record<string, [unknown, unknown]>;
    let title = "Wijziging";
    const lines: ReadableChange["lines"] = [];
    if (e.entity === "case" && changes.status) {
      const [before, after] = changes.status as [string, string];
      title = `Status: ${tl("case_statuses", after)}`;
      lines.push({ field: "status", label: same("Status"), before: same(tl("case_statuses", before)), after: same(tl("case_statuses", after)) });
    } else if (e.entity === "erasure") {
      title = `Bedrijfsgegevens gewist (AVG) — ${String(changes.rows?.[1] ?? 0)} rij(en) en ${String(changes.log_entries?.[1] ?? 0)} regel(s) van de geschiedenis gewist`;
    } else if (e.entity === "financier" && e.action === "create") {
      title = "Financier toegevoegd";
    } else if (e.entity === "instrument" && e.action === "create") {
      title = `Instrument toegevoegd: ${String(changes.name?.[1] ?? "")}`;
    } else if (e.entity === "plan") {
      title = "Financieringsplan opgeslagen";
    }
    return { id: e.id, entity: e.entity, action: e.action, at: e.at, author: e.author, via: same("de app"), title: same(title), lines, created: e.action === "create" };
  });
}
