// Sample answers of the sharing commands, shaped like the core's (typed by the generated bindings).

import type { CardPreview } from "../lib/bindings/CardPreview";
import type { ConflictView } from "../lib/bindings/ConflictView";
import type { FinancierSummary } from "../lib/bindings/FinancierSummary";
import type { IdentityView } from "../lib/bindings/IdentityView";
import type { JoinOffer } from "../lib/bindings/JoinOffer";
import type { RosterView } from "../lib/bindings/RosterView";
import type { SharedCase } from "../lib/bindings/SharedCase";
import type { SyncReport } from "../lib/bindings/SyncReport";

export const coordinatorFingerprint = "12345 67890 13579 24680 11223 34455 66778 89900";
export const memberFingerprint = "54321 09876 97531 08642 32211 55443 87766 00998";

const table = (version: number) => ({
  table_id: "table-1",
  table_name: "Financieringstafel Utrecht",
  roster_version: version,
  coordinator_fingerprint: coordinatorFingerprint,
  coordinator: "Marieke Jansen",
  devices: version,
});

export const coordinatorIdentity: IdentityView = {
  device_id: "dev-c",
  person: "Marieke Jansen",
  organisation: "coordinator",
  organisation_name: "Coördinator",
  role: "coordinator",
  fingerprint: coordinatorFingerprint,
  table: table(1),
};

/** A member's device before it joined a table. */
export const memberIdentity: IdentityView = {
  device_id: "dev-rom",
  person: "Ruud de Wit",
  organisation: "ROM Utrecht Region",
  organisation_name: "ROM Utrecht Region",
  role: null,
  fingerprint: memberFingerprint,
  table: null,
};

export const joinedMember: IdentityView = { ...memberIdentity, organisation: "fin-rom", role: "member", table: table(2) };

export const roster: RosterView = {
  table: table(2),
  members: [
    { device_id: "dev-c", person: "Marieke Jansen", organisation: "coordinator", organisation_name: "Coördinator", role: "coordinator", fingerprint: coordinatorFingerprint, last_bundle_at: null, unacknowledged: 0, is_self: true },
    { device_id: "dev-rom", person: "Ruud de Wit", organisation: "fin-rom", organisation_name: "ROM Utrecht Region", role: "member", fingerprint: memberFingerprint, last_bundle_at: "2026-12-02T10:15:00Z", unacknowledged: 3, is_self: false },
  ],
};

export const cardText = "TAFEL-LIDKAART-1:eyJ2IjoxfQ.c2lnbmF0dXJl\n";

export const preview: CardPreview = {
  device_id: "dev-rom",
  person: "Ruud de Wit",
  organisation: "ROM Utrecht Region",
  financier_id: "fin-rom",
  financier_name: "ROM Utrecht Region",
  fingerprint: memberFingerprint,
  on_roster: false,
};

export const financierList: FinancierSummary[] = [
  { id: "fin-rom", name: "ROM Utrecht Region", financier_type: "rom", regions: ["UT"], capital_types: ["equity"], instrument_count: 2, verified_on: null, uncertain: false, stale: false },
  { id: "fin-rabo", name: "Rabobank", financier_type: "bank", regions: ["NL"], capital_types: ["senior_loan"], instrument_count: 4, verified_on: null, uncertain: false, stale: false },
];

export const offer: JoinOffer = {
  table_name: "Financieringstafel Utrecht",
  coordinator: "Marieke Jansen",
  coordinator_fingerprint: coordinatorFingerprint,
  roster_version: 2,
  file: "dev-c.tafel",
};

export const syncReport: SyncReport = {
  folder: "/gedeeld",
  transports: [{ kind: "folder", name: "/gedeeld", reached: true, error_code: null, error_nl: null, error_en: null }],
  exported: { new_ops: 0, envelopes: 1, bytes: 2048 },
  bundles: [
    {
      file: "dev-c.tafel",
      imported: { sender_device: "dev-c", sender: "Marieke Jansen (Coördinator)", sender_role: "coordinator", envelopes: 3, changes: 412, conflicts: 0, responses: 0, roster_updated: true, joined: table(2) },
      refused_code: null,
      refused_nl: null,
      refused_en: null,
    },
  ],
  summary_nl: "412 wijzigingen ontvangen van de coördinator",
  summary_en: "412 changes received from 1 member",
};

export const notJoined = {
  code: "sync_not_joined",
  message: `Deze Tafel hoort nog bij geen tafel. De bundel nodigt u uit voor "Financieringstafel Utrecht". Vergelijk de vingerafdruk van de coördinator telefonisch: ${coordinatorFingerprint}. Bevestig daarna om deel te nemen.`,
  message_en: "This Tafel belongs to no table yet.",
  fields: [],
  rows: [],
};

export const mismatch = {
  code: "sync_fingerprint_mismatch",
  message: "De vingerafdruk komt niet overeen met die van de coördinator in de bundel. Er is niets overgenomen.",
  message_en: "The fingerprint does not match the coordinator's in the bundle. Nothing was applied.",
  fields: [],
  rows: [],
};

export function conflict(overrides: Partial<ConflictView> = {}): ConflictView {
  return {
    entity: "response",
    entity_id: "case-1/fin-rom",
    field: "status",
    case_number: "2026-0042",
    financier_name: "ROM Utrecht Region",
    earlier_value: "declined",
    earlier_author: "Marieke Jansen",
    later_value: "interested",
    later_author: "Ruud de Wit",
    later_clock: "1800000000000-0-dev-rom",
    resolution: null,
    revertable: true,
    ...overrides,
  };
}

export function sharedCase(overrides: Partial<SharedCase> = {}): SharedCase {
  return {
    case_id: "case-1",
    case_number: "2026-0042",
    province: "UT",
    sector: "energy",
    stage: "growth",
    purpose: "growth",
    amount_cents: 35_000_000,
    capital_types: ["equity"],
    legal_form: "bv",
    turnover_band: { nl: "€ 1 – 5 mln", en: "€ 1 – 5 m" },
    employees_band: { nl: "10 – 49", en: "10 – 49" },
    age_band: { nl: "5 – 10 jaar", en: "5 – 10 years" },
    negative_equity: false,
    status: "ready",
    intake_date: "2026-11-20",
    pitch: "Maakt sensoren voor de zorg; wil een tweede productielijn.",
    named: null,
    response: null,
    private_note: null,
    documents: [],
    marker: "new",
    latest: "1800000000000-0-dev-c",
    ...overrides,
  };
}

export const named = {
  company_name: "Zeister Sensoren BV",
  kvk: "81234567",
  legal_form: "bv",
  founding_year: 2018,
  municipality: "Zeist",
  address: "Laan 1, Zeist",
  contact_name: "Anouk Verbeek",
  contact_email: "anouk@example.nl",
  contact_phone: "06-12345678",
  employees: 14,
  turnover_cents: 180_000_000,
  equity_cents: null,
  referrer: null,
  earlier_declines: null,
  consent_until: "2027-11-01",
};

export const revocation = {
  nl: "Eindigt of vervalt de toestemming, dan verwijdert Tafel de gegevens op naam van deze laptop (bij de volgende synchronisatie; na de einddatum worden ze direct niet meer getoond). Wat u al gelezen, genoteerd of geëxporteerd hebt, kan Tafel niet terughalen.",
  en: "When the consent ends or is withdrawn, Tafel removes the named details from this laptop.",
};
