// The colour of a status badge, by taxonomy value: positive green, waiting blue or amber, out red or grey.

import type { CaseStatus } from "./bindings/CaseStatus";
import type { MeetingStatus } from "./bindings/MeetingStatus";
import type { ResponseStatus } from "./bindings/ResponseStatus";

export type Tone = "neutral" | "info" | "progress" | "ok" | "ok-light" | "bad" | "closed" | "referred";

const CASE_STATUS_TONE: Record<CaseStatus, Tone> = {
  intake: "neutral",
  screening: "neutral",
  ready: "info",
  presented: "info",
  matching: "progress",
  in_assessment: "progress",
  financed: "ok",
  partly_financed: "ok-light",
  not_financed: "bad",
  withdrawn: "closed",
  referred: "referred",
  closed: "closed",
};

const RESPONSE_TONE: Record<ResponseStatus, Tone> = {
  not_contacted: "neutral",
  summary_sent: "info",
  interested: "ok",
  info_requested: "progress",
  in_assessment: "progress",
  offer: "ok",
  committed: "ok",
  declined: "bad",
  withdrawn: "closed",
  on_hold: "neutral",
};

const MEETING_STATUS_TONE: Record<MeetingStatus, Tone> = {
  planned: "info",
  in_progress: "progress",
  closed: "closed",
};

export function caseStatusTone(status: string): Tone {
  return CASE_STATUS_TONE[status as CaseStatus] ?? "neutral";
}

export function responseTone(status: string): Tone {
  return RESPONSE_TONE[status as ResponseStatus] ?? "neutral";
}

export function meetingStatusTone(status: string): Tone {
  return MEETING_STATUS_TONE[status as MeetingStatus] ?? "neutral";
}
