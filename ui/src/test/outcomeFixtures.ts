// Outcomes, meetings and slides shaped exactly like the core's answers (typed by the generated bindings).

import type { CaseOutcome } from "../lib/bindings/CaseOutcome";
import type { ErrorPayload } from "../lib/bindings/ErrorPayload";
import type { FinancierSummary } from "../lib/bindings/FinancierSummary";
import type { Home } from "../lib/bindings/Home";
import type { Meeting } from "../lib/bindings/Meeting";
import type { OnePager } from "../lib/bindings/OnePager";
import type { Response } from "../lib/bindings/Response";
import type { Slide } from "../lib/bindings/Slide";

export function financier(id: string, name: string): FinancierSummary {
  return { id, name, financier_type: "bank", regions: ["NL"], capital_types: ["senior_loan"], instrument_count: 1, verified_on: null, uncertain: false, stale: false };
}

export const financiers: FinancierSummary[] = [financier("fin-ing", "ING"), financier("fin-qredits", "Qredits"), financier("fin-rabo", "Rabobank")];

export function response(financierId: string, name: string, status: Response["status"], extra: Partial<Response> = {}): Response {
  return {
    id: `resp-${financierId}`,
    case_id: "case-1",
    financier_id: financierId,
    financier_name: name,
    instrument_id: null,
    instrument_name: null,
    status,
    decline_reason: null,
    decline_text: null,
    amount_cents: null,
    notes: null,
    status_date: "2026-11-20",
    steps: [{ status, on_date: "2026-11-20", decline_reason: extra.decline_reason ?? null, amount_cents: null, note: null, meeting_id: null, author: "marieke", recorded_at: "2026-11-20T10:00:00Z" }],
    created_at: "2026-11-20T10:00:00Z",
    updated_at: "2026-11-20T10:00:00Z",
    ...extra,
  };
}

export function outcomeOf(overrides: Partial<CaseOutcome> = {}): CaseOutcome {
  return {
    case_id: "case-1",
    case_number: "2026-0007",
    status: "in_assessment",
    need_cents: 50_000_000,
    raised_cents: 0,
    plan_total_cents: null,
    plan_comparison: [],
    responses: [],
    referrals: [],
    package: [],
    follow_ups: [],
    actions: [],
    meetings: [],
    status_proposal: null,
    ...overrides,
  };
}

/** A one-pager for the big screen. */
export const onePager: OnePager = {
  case_id: "case-1",
  case_number: "2026-0007",
  province: "UT",
  sector: "energy",
  stage: "growth",
  purpose: "growth",
  amount_cents: 130_000_000,
  capital_types: ["senior_loan", "equity"],
  legal_form: "bv",
  turnover_band: { nl: "€ 1 – 5 mln", en: "€ 1m – 5m" },
  employees_band: { nl: "10 – 49 medewerkers", en: "10 – 49 employees" },
  age_band: { nl: "10 – 25 jaar oud", en: "10 – 25 years old" },
  negative_equity: true,
  pitch: "Groeiende installateur van warmtepompen voor de woningbouw.",
  responses: [{ financier_name: "Rabobank", status: "declined", decline_reason: "solvency", amount_cents: null }],
};

export function slideAt(position: number, total = 3): Slide {
  return { meeting_id: "meet-1", position, total, table_name: "Financieringstafel Utrecht", one_pager: { ...onePager, case_id: `case-${position}`, case_number: `2026-000${position}` } };
}

export const meeting: Meeting = {
  id: "meet-1",
  title: "Financieringstafel Utrecht — november",
  starts_at: "2026-11-26T14:00:00",
  duration_minutes: 120,
  place: "Provinciehuis",
  online_link: null,
  chair: "Marieke Jansen",
  status: "planned",
  notes: null,
  attendees: [{ id: "att-1", contact_id: "con-1", financier_id: "fin-ing", name: "Joost de Bruin", organisation: "ING", pledge_signed: true }],
  agenda: [1, 2, 3].map((n) => ({
    case_id: `case-${n}`,
    case_number: `2026-000${n}`,
    company_name: `Geheim Bedrijf ${n} BV`,
    case_status: "ready" as const,
    summary_line: "Energie · Groei · € 1.300.000 · Bancaire lening",
    position: n,
    presented: false,
    minutes: null,
    decision: null,
  })),
  actions: [],
  created_at: "2026-11-01T10:00:00Z",
  updated_at: "2026-11-01T10:00:00Z",
};

type Reply = (cmd: string, args: Record<string, unknown>) => unknown;

/** What a presentation of `meeting` asks the shell (the meeting, the financiers, each slide), answered
 *  before the test's own `reply` is asked for the rest: `record(presenting((cmd, a) => …))`. */
export const presenting =
  (reply: Reply): Reply =>
  (cmd, args) => {
    switch (cmd) {
      case "get_meeting":
        return meeting;
      case "list_financiers":
        return financiers;
      case "present":
        return slideAt(args.position as number, meeting.agenda.length);
    }
    return reply(cmd, args);
  };

export const declineWithoutReason: ErrorPayload = {
  code: "invalid_input",
  message: "Controleer de invoer: Een afwijzing heeft een reden nodig: kies een afwijzingsreden.",
  message_en: "Check the input: A decline needs a reason: choose a decline reason.",
  fields: [
    {
      field: "decline_reason",
      code: "decline_reason_required",
      message: "Een afwijzing heeft een reden nodig: kies een afwijzingsreden.",
      message_en: "A decline needs a reason: choose a decline reason.",
    },
  ],
  rows: [],
};

export const home: Home = {
  today: "2026-11-22",
  week_end: "2026-11-22",
  follow_ups_due: [
    {
      follow_up: { id: "fu-1", case_id: "case-3", months: 6, due_on: "2026-10-15", done_on: null, jobs_kept: null, jobs_created: null, financing_closed: null, notes: null },
      case_number: "2026-0003",
      company_name: "Kanaalzone Chemie BV",
      overdue: true,
    },
    {
      follow_up: { id: "fu-2", case_id: "case-4", months: 3, due_on: "2026-11-22", done_on: null, jobs_kept: null, jobs_created: null, financing_closed: null, notes: null },
      case_number: "2026-0004",
      company_name: "Veense Installatietechniek BV",
      overdue: false,
    },
  ],
  actions_due: [{ id: "act-1", meeting_id: "meet-1", case_id: "case-5", case_number: "2026-0005", description: "Jaarcijfers opvragen", owner: "Pieter Bakker", due_on: "2026-11-20", done_on: null }],
  next_actions_due: [],
  consents_expiring: [],
  upcoming_meetings: [{ id: "meet-1", title: "Financieringstafel Utrecht — november", starts_at: "2026-11-26T14:00:00", status: "planned", place: "Provinciehuis", case_count: 3, attendee_count: 1 }],
};
