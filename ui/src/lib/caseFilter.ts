// The case list's criteria as the user sets them (euro text, dates, picks) ⇄ the core's CaseFilter.

import type { CaseFilterInput } from "./api";
import type { CapitalType } from "./bindings/CapitalType";
import type { CaseFilter } from "./bindings/CaseFilter";
import type { CaseSort } from "./bindings/CaseSort";
import type { CaseSource } from "./bindings/CaseSource";
import type { CaseStatus } from "./bindings/CaseStatus";
import type { Disclosure } from "./bindings/Disclosure";
import type { Province } from "./bindings/Province";
import type { Purpose } from "./bindings/Purpose";
import type { Sector } from "./bindings/Sector";
import type { Stage } from "./bindings/Stage";
import { centsToInput, parseEuros } from "./format";

/** Everything the list can be narrowed by, as shown in the search box, the selects and "Meer filters". */
export interface ListCriteria {
  query: string;
  statuses: CaseStatus[];
  capitalTypes: CapitalType[];
  provinces: Province[];
  stages: Stage[];
  sectors: Sector[];
  purposes: Purpose[];
  sources: CaseSource[];
  disclosures: Disclosure[];
  owner: string;
  /** Euro text as typed (`250.000`, `1,2 mln`); empty for no bound. */
  amountMin: string;
  amountMax: string;
  /** `YYYY-MM-DD` or empty. */
  intakeFrom: string;
  intakeTo: string;
  openOnly: boolean;
  /** Set by views (e.g. the built-in "consent expiring"); shown, not edited. */
  consentExpiringWithinDays: number | null;
  nextActionDueWithinDays: number | null;
}

/** The criteria that live in the "Meer filters" panel. */
export const ADVANCED_KEYS = [
  "stages",
  "sectors",
  "purposes",
  "sources",
  "disclosures",
  "owner",
  "amountMin",
  "amountMax",
  "intakeFrom",
  "intakeTo",
  "openOnly",
  "consentExpiringWithinDays",
  "nextActionDueWithinDays",
] as const satisfies readonly (keyof ListCriteria)[];

export function emptyCriteria(): ListCriteria {
  return {
    query: "",
    statuses: [],
    capitalTypes: [],
    provinces: [],
    stages: [],
    sectors: [],
    purposes: [],
    sources: [],
    disclosures: [],
    owner: "",
    amountMin: "",
    amountMax: "",
    intakeFrom: "",
    intakeTo: "",
    openOnly: false,
    consentExpiringWithinDays: null,
    nextActionDueWithinDays: null,
  };
}

function isSet(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "string") return value.trim() !== "";
  if (typeof value === "boolean") return value;
  return value !== null && value !== undefined;
}

/** How many of the "Meer filters" criteria are in use (for the button's badge). */
export function advancedCount(c: ListCriteria): number {
  return ADVANCED_KEYS.filter((key) => isSet(c[key])).length;
}

/** True when anything narrows the list. */
export function isFiltered(c: ListCriteria): boolean {
  return (Object.keys(c) as (keyof ListCriteria)[]).some((key) => isSet(c[key]));
}

/** True when typed euro text cannot be read as an amount (the bound is then left out). */
export function amountInvalid(text: string): boolean {
  return parseEuros(text) === undefined;
}

const textOrNull = (text: string): string | null => (text.trim() === "" ? null : text.trim());
const dateOrNull = (text: string): string | null => (/^\d{4}-\d{2}-\d{2}$/.test(text) ? text : null);

/** The filter for `list_cases`, `save_view` and `export_cases`: every criterion the UI knows,
 *  euro bounds in cents (unreadable ones left out). */
export function criteriaToFilter(c: ListCriteria, sort: CaseSort | null): CaseFilterInput {
  return {
    query: textOrNull(c.query),
    statuses: [...c.statuses],
    capital_types: [...c.capitalTypes],
    provinces: [...c.provinces],
    stages: [...c.stages],
    sectors: [...c.sectors],
    purposes: [...c.purposes],
    sources: [...c.sources],
    disclosures: [...c.disclosures],
    owner: textOrNull(c.owner),
    open_only: c.openOnly,
    amount_min_cents: parseEuros(c.amountMin) ?? null,
    amount_max_cents: parseEuros(c.amountMax) ?? null,
    intake_from: dateOrNull(c.intakeFrom),
    intake_to: dateOrNull(c.intakeTo),
    consent_expiring_within_days: c.consentExpiringWithinDays,
    next_action_due_within_days: c.nextActionDueWithinDays,
    as_of: null,
    sort: sort ? { ...sort } : null,
    limit: null,
  };
}

/** The criteria a stored filter (a saved view) stands for; missing parts are empty. */
export function criteriaFromFilter(f: Partial<CaseFilter>): ListCriteria {
  return {
    query: f.query ?? "",
    statuses: [...(f.statuses ?? [])],
    capitalTypes: [...(f.capital_types ?? [])],
    provinces: [...(f.provinces ?? [])],
    stages: [...(f.stages ?? [])],
    sectors: [...(f.sectors ?? [])],
    purposes: [...(f.purposes ?? [])],
    sources: [...(f.sources ?? [])],
    disclosures: [...(f.disclosures ?? [])],
    owner: f.owner ?? "",
    amountMin: centsToInput(f.amount_min_cents ?? null),
    amountMax: centsToInput(f.amount_max_cents ?? null),
    intakeFrom: f.intake_from ?? "",
    intakeTo: f.intake_to ?? "",
    openOnly: f.open_only ?? false,
    consentExpiringWithinDays: f.consent_expiring_within_days ?? null,
    nextActionDueWithinDays: f.next_action_due_within_days ?? null,
  };
}
