// Register forms: financier, instrument and contact values ⇄ the core's drafts, and saving them.
// The core checks everything; a refusal rejects with its field errors (paths `name`, `financier_type`,
// `regions`, `instrument_name`, `capital_types`, `ticket_min_eur`, `sector_mode`, …), which the form's
// Submission groups by path.

import { api } from "./api";
import type { Contact } from "./bindings/Contact";
import type { ContactDraft } from "./bindings/ContactDraft";
import type { Financier } from "./bindings/Financier";
import type { FinancierDraft } from "./bindings/FinancierDraft";
import type { Instrument } from "./bindings/Instrument";
import type { InstrumentDraft } from "./bindings/InstrumentDraft";
import type { ListMode } from "./bindings/ListMode";
import { centsToInput } from "./format";
import { orNull } from "./outcome";

const str = (v: string | null | undefined): string => v ?? "";

// ---- Financier -------------------------------------------------------------------------------

export interface FinancierFormValues {
  name: string;
  financier_type: string;
  regions: string[];
  website: string;
  notes: string;
}

export function emptyFinancierForm(): FinancierFormValues {
  return { name: "", financier_type: "", regions: [], website: "", notes: "" };
}

export function financierForm(f: Financier): FinancierFormValues {
  return { name: f.name, financier_type: f.financier_type, regions: [...f.regions], website: str(f.website), notes: str(f.notes) };
}

export function financierDraft(v: FinancierFormValues): FinancierDraft {
  return { name: orNull(v.name), financier_type: orNull(v.financier_type), regions: [...v.regions], website: orNull(v.website), notes: orNull(v.notes) };
}

/** Creates a financier (`id` null) or replaces one's details. */
export function saveFinancier(id: string | null, v: FinancierFormValues): Promise<Financier> {
  const draft = financierDraft(v);
  return id === null ? api.createFinancier(draft) : api.updateFinancier(id, draft);
}

// ---- Instrument ------------------------------------------------------------------------------

export interface InstrumentFormValues {
  name: string;
  capital_types: string[];
  /** Euro text; empty = unknown. */
  ticket_min: string;
  ticket_max: string;
  stages: string[];
  sectors: string[];
  /** Whether the sectors (stages) are a focus (others too) or a mandate (only these). */
  sector_mode: ListMode;
  stage_mode: ListMode;
  /** Narrows the financier's regions; empty = the financier's. */
  regions: string[];
  rules: string;
  /** The rules in English; empty: the English side shows the Dutch. */
  rules_en: string;
  source_url: string;
  verified_on: string;
  uncertainty: string;
  uncertainty_en: string;
}

export function emptyInstrumentForm(): InstrumentFormValues {
  return {
    name: "",
    capital_types: [],
    ticket_min: "",
    ticket_max: "",
    stages: [],
    sectors: [],
    // What the core gives a new instrument: a list nobody marked as focus is a mandate.
    sector_mode: "exclusive",
    stage_mode: "exclusive",
    regions: [],
    rules: "",
    rules_en: "",
    source_url: "",
    verified_on: "",
    uncertainty: "",
    uncertainty_en: "",
  };
}

export function instrumentForm(i: Instrument): InstrumentFormValues {
  return {
    name: i.name,
    capital_types: [...i.capital_types],
    ticket_min: centsToInput(i.ticket_min_cents),
    ticket_max: centsToInput(i.ticket_max_cents),
    stages: [...i.stages],
    sectors: [...i.sectors],
    sector_mode: i.sector_mode,
    stage_mode: i.stage_mode,
    regions: [...i.regions],
    rules: str(i.rules),
    rules_en: str(i.rules_en),
    source_url: str(i.source_url),
    verified_on: str(i.verified_on),
    uncertainty: str(i.uncertainty),
    uncertainty_en: str(i.uncertainty_en),
  };
}

export function instrumentDraft(v: InstrumentFormValues): InstrumentDraft {
  return {
    name: orNull(v.name),
    capital_types: [...v.capital_types],
    ticket_min_eur: orNull(v.ticket_min),
    ticket_max_eur: orNull(v.ticket_max),
    stages: [...v.stages],
    sectors: [...v.sectors],
    sector_mode: v.sector_mode,
    stage_mode: v.stage_mode,
    regions: [...v.regions],
    rules: orNull(v.rules),
    rules_en: orNull(v.rules_en),
    source_url: orNull(v.source_url),
    verified_on: orNull(v.verified_on),
    uncertainty: orNull(v.uncertainty),
    uncertainty_en: orNull(v.uncertainty_en),
  };
}

/** Adds an instrument to a financier (`id` null) or replaces one. */
export function saveInstrument(financierId: string, id: string | null, v: InstrumentFormValues): Promise<Instrument> {
  const draft = instrumentDraft(v);
  return id === null ? api.addInstrument(financierId, draft) : api.updateInstrument(id, draft);
}

/** A guarantee is a promise to a bank, not money the financier puts in itself. */
export function isGuarantee(capitalTypes: readonly string[]): boolean {
  return capitalTypes.includes("guarantee");
}

// ---- Contact ---------------------------------------------------------------------------------

export interface ContactFormValues {
  name: string;
  role: string;
  email: string;
  phone: string;
  signed_pledge: boolean;
}

export function emptyContactForm(): ContactFormValues {
  return { name: "", role: "", email: "", phone: "", signed_pledge: false };
}

export function contactForm(c: Contact): ContactFormValues {
  return { name: c.name, role: str(c.role), email: str(c.email), phone: str(c.phone), signed_pledge: c.signed_pledge };
}

export function contactDraft(v: ContactFormValues): ContactDraft {
  return { name: orNull(v.name), role: orNull(v.role), email: orNull(v.email), phone: orNull(v.phone), signed_pledge: v.signed_pledge };
}

/** Adds a contact to a financier (`id` null) or replaces one. */
export function saveContact(financierId: string, id: string | null, v: ContactFormValues): Promise<Contact> {
  const draft = contactDraft(v);
  return id === null ? api.addContact(financierId, draft) : api.updateContact(id, draft);
}
