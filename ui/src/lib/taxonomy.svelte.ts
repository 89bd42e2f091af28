// The taxonomy as loaded once from the core; labels come from here, never from the UI's dictionaries,
// and so do the core's groupings of case statuses (open, outcomes, agenda), never a list of the UI's own.

import type { CaseStatus } from "./bindings/CaseStatus";
import type { CaseStatusGroups } from "./bindings/CaseStatusGroups";
import type { Taxonomy } from "./bindings/Taxonomy";
import type { TaxonomyLabel } from "./bindings/TaxonomyLabel";

let loaded = $state.raw<Taxonomy | null>(null);

/** The taxonomy's lists of labels (not its status groups). */
export type TaxonomyList = { [K in keyof Taxonomy]: Taxonomy[K] extends TaxonomyLabel[] ? K : never }[keyof Taxonomy];

const NO_GROUPS: CaseStatusGroups = { open: [], outcomes: [], end: [], waiting_for_financier: [], agenda: [] };

export function setTaxonomy(value: Taxonomy): void {
  loaded = value;
}

export function getTaxonomy(): Taxonomy | null {
  return loaded;
}

/** The labels of one list, in the taxonomy's order (empty until loaded). */
export function optionsOf(list: TaxonomyList): TaxonomyLabel[] {
  return loaded?.[list] ?? [];
}

/** The label of one value, or undefined when unknown. */
export function findLabel(list: TaxonomyList, id: string): TaxonomyLabel | undefined {
  return loaded?.[list].find((label) => label.id === id);
}

/** The core's groups of case statuses (each in the taxonomy's order; empty until loaded). */
export function statusGroups(): CaseStatusGroups {
  return loaded?.case_status_groups ?? NO_GROUPS;
}

/** Whether the core lets a case with this status onto a meeting's agenda (else `case_not_ready`). */
export function mayGoOnAgenda(status: CaseStatus): boolean {
  return statusGroups().agenda.includes(status);
}
