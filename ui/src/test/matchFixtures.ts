// Matching answers shaped exactly like the core's (typed by the generated bindings), after the demo's
// case 2026-0022 (€ 700.000, senior loan and overdraft).

import type { MatchReport } from "../lib/bindings/MatchReport";
import type { NearestResult } from "../lib/bindings/NearestResult";
import type { Plan } from "../lib/bindings/Plan";
import type { Reason } from "../lib/bindings/Reason";
import type { Stack } from "../lib/bindings/Stack";
import type { StackProposal } from "../lib/bindings/StackProposal";
import type { Tranche } from "../lib/bindings/Tranche";

const reason = (code: string, kind: Reason["kind"], nl: string, en: string): Reason => ({ code, kind, nl, en });

/** The two loans the match report and the stacks share: who lends, by which instrument, of which capital type. */
const ing = {
  financier_id: "fin-ing",
  financier_name: "ING",
  financier_type: "bank",
  instrument_id: "ins-ing",
  instrument_name: "Zakelijke financiering",
  capital_type: "senior_loan",
} as const;
const floryn = {
  financier_id: "fin-floryn",
  financier_name: "Floryn",
  financier_type: "fintech_lender",
  instrument_id: "ins-floryn",
  instrument_name: "Flexibel bedrijfskrediet",
  capital_type: "overdraft",
} as const;

export const bmkb = {
  financier_id: "fin-rvo",
  financier_name: "RVO",
  instrument_id: "ins-bmkb",
  instrument_name: "BMKB (Borgstelling MKB-kredieten)",
  guaranteed_cents: 20_400_000,
  covered_cents: 18_360_000,
  pct_of_loan: 50,
};

export const matchReport: MatchReport = {
  case_id: "case-1",
  case_number: "2026-0022",
  need_cents: 70_000_000,
  matches: [
    {
      ...ing,
      type_fit: "requested",
      score: 63,
      confidence: 75,
      score_parts: { ticket_fit: 1, sector: 0.5, stage: 1, region: 0.5, history: 0.5 },
      tranche_min_cents: 5_000_000,
      tranche_max_cents: 49_000_000,
      reasons: [
        reason("region_national", "matched", "landelijke financier", "national financier"),
        reason("capital_type_requested", "matched", "kapitaalsoort past: Bancaire (investerings)lening", "capital type fits: Senior term loan"),
        reason("ticket_max_unknown", "uncertain", "maximumticket onbekend", "largest ticket unknown"),
        reason("bank_share_capped", "note", "bankdeel hoogstens 70% van de vraag", "bank share at most 70% of the need"),
      ],
      guarantees: [bmkb],
    },
    {
      ...floryn,
      type_fit: "related",
      score: 60,
      confidence: 45,
      score_parts: { ticket_fit: 0.5, sector: 0.5, stage: 0.5, region: 0.5, history: 0.5 },
      tranche_min_cents: null,
      tranche_max_cents: 70_000_000,
      reasons: [reason("ticket_unknown", "uncertain", "ticketgrens onbekend", "ticket range unknown")],
      guarantees: [],
    },
    {
      financier_id: "fin-rom",
      financier_name: "ROM Utrecht",
      financier_type: "rom",
      instrument_id: "ins-rom",
      instrument_name: "Groeifonds",
      capital_type: "equity",
      type_fit: "acceptable",
      score: 31,
      confidence: 80,
      score_parts: { ticket_fit: 0.2, sector: 0.5, stage: 0.5, region: 1, history: 0.5 },
      tranche_min_cents: 10_000_000,
      tranche_max_cents: 35_000_000,
      reasons: [reason("region_province", "matched", "werkt in Utrecht", "works in Utrecht")],
      guarantees: [],
    },
  ],
  excluded: [
    {
      financier_id: "fin-limburg",
      financier_name: "LIOF",
      instrument_id: "ins-liof",
      instrument_name: "Limburgs fonds",
      reasons: [reason("outside_mandate_region", "failed", "buiten regio: financier werkt alleen in Limburg", "outside region: financier works only in Limburg")],
    },
  ],
  excluded_count: 1,
  guarantees: [
    {
      financier_id: "fin-rvo",
      financier_name: "RVO",
      instrument_id: "ins-bmkb",
      instrument_name: "BMKB (Borgstelling MKB-kredieten)",
      attachable_to: 1,
      reasons: [
        reason("guarantee_not_money", "note", "BMKB is een borgstelling, geen geld", "BMKB is a guarantee, not money"),
        reason("guarantee_attachable", "matched", "past op 1 lening(en) in de matches", "fits 1 loan(s) among the matches"),
      ],
    },
  ],
  nearest: [],
  config_path: "/home/coordinator/.local/share/tafel/matching.toml",
};

export function tranche(overrides: Partial<Tranche> = {}): Tranche {
  return {
    ...ing,
    amount_cents: 40_800_000,
    pinned: false,
    score: 63,
    confidence: 75,
    guarantee: bmkb,
    ...overrides,
  };
}

const florynTranche = (amount: number): Tranche =>
  tranche({
    ...floryn,
    amount_cents: amount,
    score: 60,
    confidence: 45,
    guarantee: null,
  });

export function stack(ing: number = 40_800_000, pinned = false): Stack {
  return {
    need_cents: 70_000_000,
    total_cents: 70_000_000,
    gap_cents: 0,
    tranches: [tranche({ amount_cents: ing, pinned }), florynTranche(70_000_000 - ing)],
    financier_count: 2,
    score: 61,
    confidence: 62,
    reasons: [
      reason("stack_covers_need", "matched", "2 financier(s) dekken samen € 700.000: ING en Floryn", "2 financier(s) together cover € 700.000: ING and Floryn"),
      reason("ticket_unknown", "uncertain", "Floryn: ticketgrens onbekend", "Floryn: ticket range unknown"),
    ],
  };
}

export const soloStack: Stack = {
  need_cents: 70_000_000,
  total_cents: 70_000_000,
  gap_cents: 0,
  tranches: [florynTranche(70_000_000)],
  financier_count: 1,
  score: 60,
  confidence: 45,
  reasons: [reason("stack_covers_need", "matched", "1 financier(s) dekken samen € 700.000: Floryn", "1 financier(s) together cover € 700.000: Floryn")],
};

/** What propose_stacks answers when stacks cover the need. */
export function proposalOf(stacks: Stack[]): StackProposal {
  return { stacks, partial: null, nearest: [] };
}

/** The excluded instruments closest to passing when nothing matches, closest first, as the core words them. */
export const nearest: NearestResult[] = [
  {
    financier_id: "fin-rom",
    financier_name: "ROM Utrecht",
    instrument_id: "ins-rom",
    instrument_name: "Groeifonds",
    conditions: [
      reason("round_too_small", "failed", "ronde vanaf € 5.000.000 — deze vraag is € 700.000", "round from € 5.000.000 — this need is € 700.000"),
    ],
    distance: 0.4,
  },
  {
    financier_id: "fin-limburg",
    financier_name: "LIOF",
    instrument_id: "ins-liof",
    instrument_name: "Limburgs fonds",
    conditions: [
      reason("outside_mandate_region", "failed", "alleen in Limburg — de onderneming zit in Utrecht", "only in Limburg — the company is in Utrecht"),
      reason("sector_outside_mandate", "failed", "alleen Chemie — de onderneming zit in Agri & food", "only Chemicals — the company is in Agri & food"),
    ],
    distance: 1.5,
  },
];

/** No stack covers the need: Floryn takes € 250.000 of the € 700.000, € 450.000 is missing. */
export const partialStack: Stack = {
  need_cents: 70_000_000,
  total_cents: 25_000_000,
  gap_cents: 45_000_000,
  tranches: [florynTranche(25_000_000)],
  financier_count: 1,
  score: 60,
  confidence: 45,
  reasons: [
    reason("stack_gap", "failed", "er ontbreekt € 450.000: geen instrument neemt de rest", "€ 450.000 is missing: no instrument takes the rest"),
    reason("ticket_unknown", "uncertain", "Floryn: ticketgrens onbekend", "Floryn: ticket range unknown"),
  ],
};

export function planOf(s: Stack, at = "2026-11-22T10:05:00Z"): Plan {
  return {
    id: "plan-1",
    case_id: "case-1",
    need_cents: s.need_cents,
    total_cents: s.total_cents,
    tranches: s.tranches,
    reasons: s.reasons,
    created_at: at,
    updated_at: at,
  };
}

/** What the core rejects a pin outside its instrument's range with. */
export const pinOutsideRange = {
  code: "invalid_input",
  message: "Controleer de invoer: ING – Zakelijke financiering: € 5.000.000 valt buiten wat het instrument hier kan nemen (€ 50.000 – € 490.000).",
  message_en: "Check the input: ING – Zakelijke financiering: € 5.000.000 is outside what the instrument can take here (€ 50.000 – € 490.000).",
  fields: [
    {
      field: "pinned[0]",
      code: "pin_outside_range",
      message: "ING – Zakelijke financiering: € 5.000.000 valt buiten wat het instrument hier kan nemen (€ 50.000 – € 490.000).",
      message_en: "ING – Zakelijke financiering: € 5.000.000 is outside what the instrument can take here (€ 50.000 – € 490.000).",
    },
  ],
  rows: [],
};
