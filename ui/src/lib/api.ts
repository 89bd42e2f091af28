// Typed wrappers around the Tauri commands of src-tauri/src/main.rs: the only place the UI calls one.
// tests/integration/ipc.rs checks every call here against main.rs (names and argument names).
// Every rejection is normalised to an ErrorPayload, whatever the shell threw.

import { invoke } from "@tauri-apps/api/core";
import type { ActionItem } from "./bindings/ActionItem";
import type { Lang } from "./bindings/Lang";
import type { PdfExport } from "./bindings/PdfExport";
import type { ActionItemDraft } from "./bindings/ActionItemDraft";
import type { AppInfo } from "./bindings/AppInfo";
import type { AttendeeDraft } from "./bindings/AttendeeDraft";
import type { RecoveryKey } from "./bindings/RecoveryKey";
import type { BackupReport } from "./bindings/BackupReport";
import type { Case } from "./bindings/Case";
import type { CaseColumnMapping } from "./bindings/CaseColumnMapping";
import type { CaseDraft } from "./bindings/CaseDraft";
import type { CaseFilter } from "./bindings/CaseFilter";
import type { CaseImportPreview } from "./bindings/CaseImportPreview";
import type { CaseImportReport } from "./bindings/CaseImportReport";
import type { CaseOutcome } from "./bindings/CaseOutcome";
import type { CasePage } from "./bindings/CasePage";
import type { CaseStatus } from "./bindings/CaseStatus";
import type { CaseSummary } from "./bindings/CaseSummary";
import type { CaseWithHistory } from "./bindings/CaseWithHistory";
import type { CompanyErasurePreview } from "./bindings/CompanyErasurePreview";
import type { ErasureReport } from "./bindings/ErasureReport";
import type { RetentionPreview } from "./bindings/RetentionPreview";
import type { RetentionSettings } from "./bindings/RetentionSettings";
import type { Contact } from "./bindings/Contact";
import type { ContactDraft } from "./bindings/ContactDraft";
import type { ErrorPayload } from "./bindings/ErrorPayload";
import type { ExportFormat } from "./bindings/ExportFormat";
import type { ExportReport } from "./bindings/ExportReport";
import type { FilePurpose } from "./bindings/FilePurpose";
import type { Financier } from "./bindings/Financier";
import type { FinancierDraft } from "./bindings/FinancierDraft";
import type { FinancierSummary } from "./bindings/FinancierSummary";
import type { FinancierWithHistory } from "./bindings/FinancierWithHistory";
import type { FollowUpDraft } from "./bindings/FollowUpDraft";
import type { Home } from "./bindings/Home";
import type { HubView } from "./bindings/HubView";
import type { ImportField } from "./bindings/ImportField";
import type { ImportMode } from "./bindings/ImportMode";
import type { Instrument } from "./bindings/Instrument";
import type { RegisterColumnMapping } from "./bindings/RegisterColumnMapping";
import type { RegisterImportPreview } from "./bindings/RegisterImportPreview";
import type { RegisterImportReport } from "./bindings/RegisterImportReport";
import type { InstrumentDraft } from "./bindings/InstrumentDraft";
import type { MatchOptions } from "./bindings/MatchOptions";
import type { MatchReport } from "./bindings/MatchReport";
import type { Meeting } from "./bindings/Meeting";
import type { MeetingDraft } from "./bindings/MeetingDraft";
import type { MeetingSummary } from "./bindings/MeetingSummary";
import type { OnePager } from "./bindings/OnePager";
import type { PackageTrancheDraft } from "./bindings/PackageTrancheDraft";
import type { Plan } from "./bindings/Plan";
import type { ReferralDraft } from "./bindings/ReferralDraft";
import type { ReportExport } from "./bindings/ReportExport";
import type { ReportFormat } from "./bindings/ReportFormat";
import type { ResponseDraft } from "./bindings/ResponseDraft";
import type { SavedView } from "./bindings/SavedView";
import type { SearchHits } from "./bindings/SearchHits";
import type { Slide } from "./bindings/Slide";
import type { Stack } from "./bindings/Stack";
import type { StackProposal } from "./bindings/StackProposal";
import type { StackRequest } from "./bindings/StackRequest";
import type { TableFigures } from "./bindings/TableFigures";
import type { Taxonomy } from "./bindings/Taxonomy";
import type { CardPreview } from "./bindings/CardPreview";
import type { ConflictView } from "./bindings/ConflictView";
import type { ExportSummary } from "./bindings/ExportSummary";
import type { IdentityView } from "./bindings/IdentityView";
import type { ImportSummary } from "./bindings/ImportSummary";
import type { JoinOffer } from "./bindings/JoinOffer";
import type { Label } from "./bindings/Label";
import type { MemberAdded } from "./bindings/MemberAdded";
import type { RefusalView } from "./bindings/RefusalView";
import type { Resolution } from "./bindings/Resolution";
import type { RosterView } from "./bindings/RosterView";
import type { SharedCase } from "./bindings/SharedCase";
import type { SyncReport } from "./bindings/SyncReport";
import type { AutoBackup } from "./bindings/AutoBackup";
import type { BackupStatus } from "./bindings/BackupStatus";
import type { RestoreReport } from "./bindings/RestoreReport";
import type { SettingChange } from "./bindings/SettingChange";
import type { SettingsView } from "./bindings/SettingsView";
import type { Document } from "./bindings/Document";
import type { DocumentReceipt } from "./bindings/DocumentReceipt";
import type { InboxItem } from "./bindings/InboxItem";
import type { PartnerView } from "./bindings/PartnerView";
import type { DocumentDetails } from "./bindings/DocumentDetails";
import type { DocumentLevel } from "./bindings/DocumentLevel";
import type { DocumentWithVersions } from "./bindings/DocumentWithVersions";
import type { OpenedDocument } from "./bindings/OpenedDocument";

/** What `list_cases` and `list_case_page` take: the core gives every missing field its default
 *  (`#[serde(default)]`), so the UI sends only the criteria it uses and keeps working when the core adds more. */
export type CaseFilterInput = Partial<CaseFilter>;

/** A JSON merge patch on a case: any subset of the draft; `null` clears a field. */
export type CasePatch = Partial<Omit<CaseDraft, "company">> & {
  company?: Partial<NonNullable<CaseDraft["company"]>> | null;
  /** The case's `updated_at` when the edit began: the core refuses the patch if it changed since. */
  expected_updated_at?: string | null;
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Turns anything a command rejected with into an ErrorPayload. */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (isRecord(err) && typeof err.code === "string" && typeof err.message === "string") {
    return {
      code: err.code,
      message: err.message,
      message_en: typeof err.message_en === "string" ? err.message_en : err.message,
      fields: Array.isArray(err.fields) ? (err.fields as ErrorPayload["fields"]) : [],
      rows: Array.isArray(err.rows) ? (err.rows as ErrorPayload["rows"]) : [],
    };
  }
  const text = err instanceof Error ? err.message : typeof err === "string" ? err : JSON.stringify(err);
  return {
    code: "internal",
    message: `Onverwachte fout: ${text}`,
    message_en: `Unexpected error: ${text}`,
    fields: [],
    rows: [],
  };
}

/** True when a value is an ErrorPayload (as thrown by these wrappers). */
export function isErrorPayload(value: unknown): value is ErrorPayload {
  return isRecord(value) && typeof value.code === "string" && typeof value.message === "string" && Array.isArray(value.fields);
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (err) {
    throw toErrorPayload(err);
  }
}

/** The answers to the commands ui/public/start.js sends as the window opens on Vandaag, before
 *  the bundle is parsed (by command name, as sent). */
type StartedCommands = { app_info: Promise<AppInfo>; taxonomy: Promise<Taxonomy>; home: Promise<Home> };

/** Takes the commands public/start.js sent, each rejecting with an ErrorPayload as `api`'s do;
 *  null when it sent none (another route, the tests) or they were taken already. */
export function takeStartedCommands(): StartedCommands | null {
  const holder = globalThis as { __tafelStarted?: StartedCommands };
  const started = holder.__tafelStarted;
  if (!started) return null;
  delete holder.__tafelStarted;
  const normalised = <T>(answer: Promise<T>): Promise<T> =>
    answer.catch((err: unknown) => {
      throw toErrorPayload(err);
    });
  return { app_info: normalised(started.app_info), taxonomy: normalised(started.taxonomy), home: normalised(started.home) };
}

export const api = {
  appInfo: () => call<AppInfo>("app_info"),
  /** Opens the database that did not open at start with a typed recovery key; says where the key went. */
  openWithRecoveryKey: (key: string) => call<string>("open_with_recovery_key", { key }),
  /** Opens the native dialog for `purpose` (open for a sheet to import, save for the rest, with
   *  `suggested` as the proposed file name) and gives the chosen path, or null when cancelled.
   *  File commands accept only paths chosen here (else `invalid_input` / `path_not_chosen`). */
  chooseFile: (purpose: FilePurpose, suggested?: string | null) => call<string | null>("choose_file", { purpose, suggested: suggested ?? null }),
  taxonomy: () => call<Taxonomy>("taxonomy"),
  listCases: (filter: CaseFilterInput) => call<CaseSummary[]>("list_cases", { filter }),
  /** The rows from `offset` on (the core gives at most 1,000) and how many match in all. */
  listCasePage: (filter: CaseFilterInput, offset: number, limit: number) => call<CasePage>("list_case_page", { filter, offset, limit }),
  getCase: (id: string) => call<CaseWithHistory>("get_case", { id }),
  addCase: (draft: CaseDraft) => call<Case>("add_case", { draft }),
  updateCase: (id: string, patch: CasePatch) => call<Case>("update_case", { id, patch }),
  deleteCase: (id: string) => call<Case>("delete_case", { id }),
  listFinanciers: () => call<FinancierSummary[]>("list_financiers"),
  getFinancier: (id: string) => call<Financier>("get_financier", { id }),
  getFinancierPage: (id: string) => call<FinancierWithHistory>("get_financier_page", { id }),
  createFinancier: (draft: FinancierDraft) => call<Financier>("create_financier", { draft }),
  updateFinancier: (id: string, draft: FinancierDraft) => call<Financier>("update_financier", { id, draft }),
  deleteFinancier: (id: string) => call<Financier>("delete_financier", { id }),
  addInstrument: (financierId: string, draft: InstrumentDraft) => call<Instrument>("add_instrument", { financierId, draft }),
  updateInstrument: (id: string, draft: InstrumentDraft) => call<Instrument>("update_instrument", { id, draft }),
  verifyInstrument: (id: string, sourceUrl: string | null) => call<Instrument>("verify_instrument", { id, sourceUrl }),
  deleteInstrument: (id: string) => call<Instrument>("delete_instrument", { id }),
  addContact: (financierId: string, draft: ContactDraft) => call<Contact>("add_contact", { financierId, draft }),
  updateContact: (id: string, draft: ContactDraft) => call<Contact>("update_contact", { id, draft }),
  deleteContact: (id: string) => call<Contact>("delete_contact", { id }),
  listViews: () => call<SavedView[]>("list_views"),
  saveView: (name: string, filter: CaseFilterInput) => call<SavedView>("save_view", { name, filter }),
  deleteView: (id: string) => call<null>("delete_view", { id }),
  searchAll: (query: string) => call<SearchHits>("search_all", { query }),
  importFields: () => call<ImportField[]>("import_fields"),
  /** `mapping` null: the core guesses it from the sheet's headers. */
  previewCaseImport: (path: string, mapping: CaseColumnMapping | null, operation?: string) =>
    call<CaseImportPreview>("preview_case_import", { path, mapping, operation }),
  importCases: (path: string, mapping: CaseColumnMapping | null, mode: ImportMode, operation?: string) =>
    call<CaseImportReport>("import_cases", { path, mapping, mode, operation }),
  /** Asks a long command (by the `operation` id it was given) to stop at its next safe point. */
  cancelOperation: (operation: string) => call<boolean>("cancel_operation", { operation }),
  registerImportFields: () => call<ImportField[]>("register_import_fields"),
  /** `mapping` null: the core guesses it from the sheet's headers. Counts what would change; writes nothing. */
  previewRegisterImport: (path: string, mapping: RegisterColumnMapping | null) =>
    call<RegisterImportPreview>("preview_register_import", { path, mapping }),
  importRegister: (path: string, mapping: RegisterColumnMapping | null, mode: ImportMode) =>
    call<RegisterImportReport>("import_register", { path, mapping, mode }),
  exportCases: (filter: CaseFilterInput, format: ExportFormat, path: string, operation?: string) =>
    call<ExportReport>("export_cases", { filter, format, path, operation }),
  exportRegister: (format: ExportFormat, path: string, operation?: string) => call<ExportReport>("export_register", { format, path, operation }),
  backup: (path: string, operation?: string) => call<BackupReport>("backup", { path, operation }),
  backupEncrypted: (path: string, passphrase: string, operation?: string) =>
    call<BackupReport>("backup_encrypted", { path, passphrase, operation }),
  recoveryKey: () => call<RecoveryKey>("recovery_key"),
  /** Every instrument of the register for a case (id or number): matches best first, excluded ones, guarantees. */
  matchCase: (caseId: string, options: MatchOptions) => call<MatchReport>("match_case", { caseId, options }),
  /** Up to five stacks covering the case's need; when none does, the partial stack covering the most and the
   *  nearest excluded instruments. A pin the core cannot keep rejects with its Dutch message. */
  proposeStacks: (caseId: string, request: StackRequest) => call<StackProposal>("propose_stacks", { caseId, request }),
  /** Saves a stack as the case's plan (replacing an earlier one); the save is in the change log. */
  savePlan: (caseId: string, stack: Stack) => call<Plan>("save_plan", { caseId, stack }),
  getPlan: (caseId: string) => call<Plan | null>("get_plan", { caseId }),

  /** Everything the case page's "Uitkomst" shows: responses, referrals, package, follow-ups, meetings, proposal. */
  getOutcome: (caseId: string) => call<CaseOutcome>("get_outcome", { caseId }),
  /** A new step in a financier's response; a decline needs a coded reason (the core says so per field). */
  recordResponse: (caseId: string, draft: ResponseDraft) => call<CaseOutcome>("record_response", { caseId, draft }),
  referCase: (caseId: string, draft: ReferralDraft) => call<CaseOutcome>("refer_case", { caseId, draft }),
  addPackageTranche: (caseId: string, draft: PackageTrancheDraft) => call<CaseOutcome>("add_package_tranche", { caseId, draft }),
  removePackageTranche: (trancheId: string) => call<CaseOutcome>("remove_package_tranche", { trancheId }),
  /** Applies a status the coordinator confirmed (usually the package's proposal). */
  confirmStatus: (caseId: string, status: CaseStatus) => call<CaseOutcome>("confirm_status", { caseId, status }),
  recordFollowUp: (followUpId: string, draft: FollowUpDraft) => call<CaseOutcome>("record_follow_up", { followUpId, draft }),

  listMeetings: () => call<MeetingSummary[]>("list_meetings"),
  getMeeting: (id: string) => call<Meeting>("get_meeting", { id }),
  createMeeting: (draft: MeetingDraft) => call<Meeting>("create_meeting", { draft }),
  updateMeeting: (id: string, draft: MeetingDraft) => call<Meeting>("update_meeting", { id, draft }),
  deleteMeeting: (id: string) => call<null>("delete_meeting", { id }),
  /** `caseRef`: a case id or number; only cases ready for the table (or waiting for financiers). */
  addCaseToAgenda: (meetingId: string, caseRef: string) => call<Meeting>("add_case_to_agenda", { meetingId, caseRef }),
  removeCaseFromAgenda: (meetingId: string, caseId: string) => call<Meeting>("remove_case_from_agenda", { meetingId, caseId }),
  /** `order`: every case id on the agenda, once, in the new order. */
  reorderAgenda: (meetingId: string, order: string[]) => call<Meeting>("reorder_agenda", { meetingId, order }),
  addAttendee: (meetingId: string, draft: AttendeeDraft) => call<Meeting>("add_attendee", { meetingId, draft }),
  removeAttendee: (meetingId: string, attendeeId: string) => call<Meeting>("remove_attendee", { meetingId, attendeeId }),
  /** The anonymised one-pager of a case (what the big screen may show). */
  onePager: (caseRef: string) => call<OnePager>("one_pager", { caseRef }),
  /** Shows agenda item `position` (from 1): marks it presented and starts the meeting. */
  present: (meetingId: string, position: number) => call<Slide>("present", { meetingId, position }),
  /** Opens the slide in its own full-screen window (the projector); the panel stays here. */
  openPresenter: (meetingId: string) => call<null>("open_presenter", { meetingId }),
  /** Closes the slide window, if open. */
  closePresenter: () => call<null>("close_presenter"),
  /** Every setting with its value in effect (Instellingen). */
  getSettings: () => call<SettingsView>("get_settings"),
  /** Changes settings; all are checked first, nothing is stored when one is refused. */
  saveSettings: (changes: SettingChange[]) => call<SettingsView>("save_settings", { changes }),
  /** The automatic backups and whether one is due. */
  backupStatus: () => call<BackupStatus>("backup_status"),
  /** Takes an automatic (encrypted) backup now. */
  backupNow: () => call<AutoBackup>("backup_now"),
  /** Restores a backup in place of the database: an automatic one of the list, or a file chosen in the dialog. */
  restoreBackup: (path: string, passphrase: string | null, operation?: string) =>
    call<RestoreReport>("restore_backup", { path, passphrase, operation }),
  setMinutes: (meetingId: string, caseId: string, minutes: string | null, decision: string | null) =>
    call<Meeting>("set_minutes", { meetingId, caseId, minutes, decision }),
  addAction: (meetingId: string | null, draft: ActionItemDraft) => call<ActionItem>("add_action", { meetingId, draft }),
  setActionDone: (actionId: string, done: boolean) => call<ActionItem>("set_action_done", { actionId, done }),
  startMeeting: (meetingId: string) => call<Meeting>("start_meeting", { meetingId }),
  closeMeeting: (meetingId: string) => call<Meeting>("close_meeting", { meetingId }),
  reopenMeeting: (meetingId: string) => call<Meeting>("reopen_meeting", { meetingId }),
  meetingIcs: (meetingId: string) => call<string>("meeting_ics", { meetingId }),
  /** Writes the invite (.ics) to `path`; resolves to the path written. */
  saveMeetingIcs: (meetingId: string, path: string) => call<string>("save_meeting_ics", { meetingId, path }),
  /** Writes a case summary PDF (named or anonymised) to `path`; the export is logged on the case. */
  exportCasePdf: (caseId: string, anonymised: boolean, lang: Lang, path: string) =>
    call<PdfExport>("export_case_pdf", { caseId, anonymised, lang, path }),
  /** Writes the meeting pack PDF (agenda and anonymised one-pagers) to `path`. */
  exportMeetingPack: (meetingId: string, lang: Lang, path: string, operation?: string) =>
    call<PdfExport>("export_meeting_pack", { meetingId, lang, path, operation }),
  /** The home screen for today. */
  home: () => call<Home>("home"),

  /** What erasing a company (id, KvK number or one of its cases) would erase. */
  previewCompanyErasure: (reference: string) => call<CompanyErasurePreview>("preview_company_erasure", { reference }),
  /** Erases a company's personal data; `confirmName` is what the user typed and must be its name. */
  eraseCompany: (reference: string, confirmName: string) => call<ErasureReport>("erase_company", { reference, confirmName }),
  /** Erases only the contact person of a company. */
  eraseCompanyContact: (reference: string) => call<ErasureReport>("erase_company_contact", { reference }),
  /** Erases a financier's contact person (register, meetings, history). */
  eraseContact: (contactId: string) => call<ErasureReport>("erase_contact", { contactId }),
  eraseReceivedReferral: (id: number) => call<ErasureReport>("erase_received_referral", { id }),
  retentionSettings: () => call<RetentionSettings>("retention_settings"),
  /** Sets the retention period (0: off). */
  setRetentionMonths: (months: number) => call<RetentionSettings>("set_retention_months", { months }),
  /** Which closed cases the rule would anonymise today with `months` (the set period when null). */
  previewRetention: (months: number | null) => call<RetentionPreview>("preview_retention", { months }),
  /** Applies the retention rule now with `months` (the set period when null). */
  applyRetention: (months: number | null) => call<ErasureReport>("apply_retention", { months }),
  /** The table's figures for a period; dates as typed (`2026-01-01` or `1-1-2026`), both days included. */
  tableFigures: (from: string, to: string) => call<TableFigures>("table_figures", { from, to }),
  /** Writes the report to `path`: xlsx (the numbers), pdf (with charts, in `lang`) or json. */
  exportReport: (from: string, to: string, format: ReportFormat, lang: Lang, path: string, operation?: string) =>
    call<ReportExport>("export_report", { from, to, format, lang, path, operation }),

  // Sharing a table (Delen, Tafelcasussen).
  /** This device's identity; null before it is set. */
  sharingIdentity: () => call<IdentityView | null>("sharing_identity"),
  /** `organisation`: "coordinator" or a financier (name or id); `tableName` names the coordinator's table. */
  setSharingIdentity: (person: string, organisation: string, tableName: string | null) =>
    call<IdentityView>("set_sharing_identity", { person, organisation, tableName }),
  /** This device's member card as text ("TAFEL-LIDKAART-1:…"). */
  memberCard: () => call<string>("member_card"),
  /** Saves the member card to the file chosen in the save dialog; resolves to the path. */
  saveMemberCard: (path: string) => call<string>("save_member_card", { path }),
  /** The text of a card file chosen in the open dialog. */
  readMemberCard: (path: string) => call<string>("read_member_card", { path }),
  /** What a card says (its fingerprint above all) before it is added. */
  previewMemberCard: (cardText: string) => call<CardPreview>("preview_member_card", { cardText }),
  /** Adds a card to the roster for a financier of the register (the coordinator only). */
  addMember: (cardText: string, organisation: string | null) => call<MemberAdded>("add_member", { cardText, organisation }),
  /** Removes a device (by id) from the roster. */
  removeMember: (reference: string) => call<RosterView>("remove_member", { reference }),
  sharingRoster: () => call<RosterView | null>("sharing_roster"),
  syncFolder: () => call<string | null>("sync_folder"),
  /** Sets the shared folder chosen in the folder dialog. */
  setSyncFolder: (path: string) => call<string>("set_sync_folder", { path }),
  /** The table hub this device synchronises through (without its password). */
  hubStatus: () => call<HubView | null>("hub_status"),
  /** Joins the hub at the address the administrator handed out. */
  hubJoin: (url: string) => call<HubView>("hub_join", { url }),
  /** Stops synchronising through the hub. */
  hubLeave: () => call<null>("hub_leave"),
  /** "Synchroniseren" through the shared folder and the hub; before a table `sync_not_joined` until `joinFingerprint` matches. */
  syncNow: (joinFingerprint: string | null, operation?: string) => call<SyncReport>("sync_now", { joinFingerprint, operation }),
  /** The table the coordinator's bundle in the shared folder invites this device to. */
  syncJoinOffer: () => call<JoinOffer | null>("sync_join_offer"),
  /** The table a bundle file (chosen to open) invites this device to. */
  bundleJoinOffer: (path: string) => call<JoinOffer | null>("bundle_join_offer", { path }),
  importBundle: (path: string, joinFingerprint: string | null) => call<ImportSummary>("import_bundle", { path, joinFingerprint }),
  /** The `.tafel` bundle Tafel was started to open (a double-click on the file), once. */
  openedBundle: () => call<string | null>("opened_bundle"),
  exportBundle: (path: string) => call<ExportSummary>("export_bundle", { path }),
  sharedCases: () => call<SharedCase[]>("shared_cases"),
  sharedCase: (caseRef: string) => call<SharedCase>("shared_case", { caseRef }),
  /** The member organisation's own answer (`draft.financier` empty: its own organisation). */
  respondAsMember: (caseRef: string, draft: ResponseDraft) => call<SharedCase>("respond_as_member", { caseRef, draft }),
  setPrivateNote: (caseRef: string, text: string) => call<SharedCase>("set_private_note", { caseRef, text }),
  markSeen: (caseRef: string) => call<SharedCase>("mark_seen", { caseRef }),
  revocationNote: () => call<Label>("revocation_note"),
  syncConflicts: (openOnly: boolean) => call<ConflictView[]>("sync_conflicts", { openOnly }),
  resolveConflict: (entity: string, entityId: string, field: string, laterClock: string, resolution: Resolution) =>
    call<ConflictView[]>("resolve_conflict", { entity, entityId, field, laterClock, resolution }),
  syncRefusals: (limit: number | null) => call<RefusalView[]>("sync_refusals", { limit }),

  /** The dossier of a case; removed documents too when `withRemoved`. */
  listDocuments: (caseId: string, withRemoved: boolean) => call<Document[]>("list_documents", { caseId, withRemoved }),
  /** Per shared document of a case, which member organisations have received its current version. */
  documentReceipts: (caseId: string) => call<DocumentReceipt[]>("document_receipts", { caseId }),
  documentVersions: (documentId: string) => call<DocumentWithVersions>("document_versions", { documentId }),
  /** Adds a file chosen in the dialog (or dropped on the window) to a case's dossier. */
  addDocument: (caseId: string, path: string, details: DocumentDetails) => call<Document>("add_document", { caseId, path, details }),
  /** A newer version of a document, from a file chosen in the dialog. */
  replaceDocument: (documentId: string, path: string) => call<Document>("replace_document", { documentId, path }),
  updateDocument: (documentId: string, details: DocumentDetails) => call<Document>("update_document", { documentId, details }),
  setDocumentLevel: (documentId: string, level: DocumentLevel) => call<Document>("set_document_level", { documentId, level }),
  /** Takes a document out of the dossier (kept in the history until erasure). */
  removeDocument: (documentId: string) => call<Document>("remove_document", { documentId }),
  /** Decrypts a document into a private temporary copy and starts a viewer on it. */
  openDocument: (documentId: string) => call<OpenedDocument>("open_document", { documentId }),
  /** The other tables this coordinator exchanges referrals with. */
  exchangePartners: () => call<PartnerView[]>("exchange_partners"),
  /** The referrals received from other tables, newest first. */
  exchangeInbox: () => call<InboxItem[]>("exchange_inbox"),
  /** Logs a received referral as a case of this table, at intake. */
  acceptReferral: (id: number) => call<Case>("accept_referral", { id }),
  openSharedDocument: (id: string) => call<OpenedDocument>("open_shared_document", { id }),
  exportDocument: (documentId: string, path: string) => call<string>("export_document", { documentId, path }),
};
