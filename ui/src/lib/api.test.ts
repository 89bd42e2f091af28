import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { api, isErrorPayload, toErrorPayload } from "./api";
import { appInfo, invalidInput, storedCase, summary, taxonomy } from "../test/fixtures";
import { matchReport, nearest, partialStack, pinOutsideRange, planOf, proposalOf, stack } from "../test/matchFixtures";

afterEach(() => clearMocks());

describe("api", () => {
  it("calls every command by its name with the argument names of main.rs", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      switch (cmd) {
        case "app_info":
          return appInfo;
        case "taxonomy":
          return taxonomy;
        case "list_cases":
          return [summary(1)];
        case "list_case_page":
          return { total: 1, offset: 0, rows: [summary(1)] };
        case "get_case":
          return { case: storedCase, history: [] };
        case "add_case":
        case "update_case":
        case "delete_case":
          return storedCase;
        case "list_financiers":
          return [];
        case "get_financier":
          return { id: "fin-1", name: "ROM Utrecht", financier_type: "rom", regions: ["UT"], website: null, notes: null, contacts: [], instruments: [] };
      }
      throw new Error(`unexpected ${cmd}`);
    });

    const filter = { query: "bakker", statuses: [], capital_types: [], provinces: [], owner: null, sort: null, limit: null };
    expect(await api.appInfo()).toEqual(appInfo);
    expect((await api.taxonomy()).capital_types).toHaveLength(4);
    expect(await api.listCases(filter)).toHaveLength(1);
    expect(await api.listCasePage(filter, 0, 200)).toEqual({ total: 1, offset: 0, rows: [summary(1)] });
    expect((await api.getCase("case-1")).case.id).toBe("case-1");
    await api.addCase({ company: null } as never);
    await api.updateCase("case-1", { amount_eur: "1,2 mln" });
    await api.deleteCase("case-1");
    await api.listFinanciers();
    expect((await api.getFinancier("fin-1")).name).toBe("ROM Utrecht");

    const byName = Object.fromEntries(calls.map(([cmd, args]) => [cmd, args]));
    expect(Object.keys(byName)).toEqual([
      "app_info",
      "taxonomy",
      "list_cases",
      "list_case_page",
      "get_case",
      "add_case",
      "update_case",
      "delete_case",
      "list_financiers",
      "get_financier",
    ]);
    expect(byName.list_cases).toEqual({ filter });
    expect(byName.list_case_page).toEqual({ filter, offset: 0, limit: 200 });
    expect(byName.get_case).toEqual({ id: "case-1" });
    expect(byName.add_case).toEqual({ draft: { company: null } });
    expect(byName.update_case).toEqual({ id: "case-1", patch: { amount_eur: "1,2 mln" } });
    expect(byName.delete_case).toEqual({ id: "case-1" });
    expect(byName.get_financier).toEqual({ id: "fin-1" });
  });

  it("passes the core's ErrorPayload through as the rejection", async () => {
    mockIPC(() => Promise.reject(invalidInput));
    await expect(api.addCase({} as never)).rejects.toEqual(invalidInput);
  });

  it("turns other rejections into an ErrorPayload with a Dutch message", async () => {
    mockIPC(() => Promise.reject("invalid args `filter` for command `list_cases`"));
    const err = await api.listFinanciers().catch((e: unknown) => e);
    expect(isErrorPayload(err)).toBe(true);
    expect(err).toMatchObject({ code: "internal", fields: [], rows: [] });
    expect((err as { message: string }).message).toContain("Onverwachte fout");
  });

  it("fills in missing parts of a partial payload", () => {
    expect(toErrorPayload({ code: "wrong_key", message: "De sleutel opent deze database niet." })).toEqual({
      code: "wrong_key",
      message: "De sleutel opent deze database niet.",
      message_en: "De sleutel opent deze database niet.",
      fields: [],
      rows: [],
    });
    expect(toErrorPayload(new Error("boom")).message_en).toBe("Unexpected error: boom");
  });

  it("calls the register, view, search, import, export and backup commands with main.rs's argument names", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    const financierDraft = { name: "ROM Utrecht", financier_type: "rom", regions: ["UT"], website: null, notes: null };
    const instrumentDraft = {
      name: "Groeifonds",
      capital_types: ["equity"],
      ticket_min_eur: "250.000",
      ticket_max_eur: null,
      stages: [],
      sectors: [],
      regions: [],
      rules: null,
      source_url: null,
      verified_on: null,
      uncertainty: null,
    };
    const contactDraft = { name: "Jan", role: null, email: "jan@rom.nl", phone: null, signed_pledge: true };
    const mapping = { columns: [{ column: "Bedrijfsnaam", field: "company.name" }] };
    const filter = { owner: "marieke", open_only: true };

    await api.getFinancierPage("fin-1");
    await api.createFinancier(financierDraft);
    await api.updateFinancier("fin-1", financierDraft);
    await api.deleteFinancier("fin-1");
    await api.addInstrument("fin-1", instrumentDraft);
    await api.updateInstrument("ins-1", instrumentDraft);
    await api.deleteInstrument("ins-1");
    await api.addContact("fin-1", contactDraft);
    await api.updateContact("con-1", contactDraft);
    await api.deleteContact("con-1");
    await api.listViews();
    await api.saveView("Mijn Utrecht", filter);
    await api.deleteView("view-1");
    await api.searchAll("korenaar");
    await api.importFields();
    await api.previewCaseImport("/tmp/casussen.xlsx", null);
    await api.previewCaseImport("/tmp/casussen.xlsx", mapping);
    await api.importCases("/tmp/casussen.xlsx", mapping, "all_or_nothing");
    await api.exportCases(filter, "csv", "/tmp/casussen.csv");
    await api.exportRegister("xlsx", "/tmp/register.xlsx");
    await api.backup("/tmp/backup.json");

    expect(calls).toEqual([
      ["get_financier_page", { id: "fin-1" }],
      ["create_financier", { draft: financierDraft }],
      ["update_financier", { id: "fin-1", draft: financierDraft }],
      ["delete_financier", { id: "fin-1" }],
      ["add_instrument", { financierId: "fin-1", draft: instrumentDraft }],
      ["update_instrument", { id: "ins-1", draft: instrumentDraft }],
      ["delete_instrument", { id: "ins-1" }],
      ["add_contact", { financierId: "fin-1", draft: contactDraft }],
      ["update_contact", { id: "con-1", draft: contactDraft }],
      ["delete_contact", { id: "con-1" }],
      ["list_views", {}],
      ["save_view", { name: "Mijn Utrecht", filter }],
      ["delete_view", { id: "view-1" }],
      ["search_all", { query: "korenaar" }],
      ["import_fields", {}],
      ["preview_case_import", { path: "/tmp/casussen.xlsx", mapping: null }],
      ["preview_case_import", { path: "/tmp/casussen.xlsx", mapping }],
      ["import_cases", { path: "/tmp/casussen.xlsx", mapping, mode: "all_or_nothing" }],
      ["export_cases", { filter, format: "csv", path: "/tmp/casussen.csv" }],
      ["export_register", { format: "xlsx", path: "/tmp/register.xlsx" }],
      ["backup", { path: "/tmp/backup.json" }],
    ]);
  });

  it("asks the shell's native dialog for a file by purpose and gives the chosen path, or null when cancelled", async () => {
    const calls: [string, unknown][] = [];
    let answer: string | null = "/home/marieke/casussen.xlsx";
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return answer;
    });
    expect(await api.chooseFile("case_sheet")).toBe("/home/marieke/casussen.xlsx");
    answer = null;
    expect(await api.chooseFile("spreadsheet_export", "tafel-casussen.xlsx")).toBeNull();
    expect(calls).toEqual([
      ["choose_file", { purpose: "case_sheet", suggested: null }],
      ["choose_file", { purpose: "spreadsheet_export", suggested: "tafel-casussen.xlsx" }],
    ]);
  });

  it("calls the register import commands with main.rs's argument names", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    const mapping = { columns: [{ column: "Soort financier", field: "financier_type" }] };
    await api.registerImportFields();
    await api.previewRegisterImport("/tmp/financiers.xlsx", null);
    await api.previewRegisterImport("/tmp/financiers.xlsx", mapping);
    await api.importRegister("/tmp/financiers.xlsx", mapping, "valid_rows");
    expect(calls).toEqual([
      ["register_import_fields", {}],
      ["preview_register_import", { path: "/tmp/financiers.xlsx", mapping: null }],
      ["preview_register_import", { path: "/tmp/financiers.xlsx", mapping }],
      ["import_register", { path: "/tmp/financiers.xlsx", mapping, mode: "valid_rows" }],
    ]);
  });

  it("rejects an all-or-nothing import with the core's row errors", async () => {
    const refused = {
      code: "import_rows_invalid",
      message: "2 regels zijn ongeldig; er is niets geïmporteerd.",
      message_en: "2 rows are invalid; nothing was imported.",
      fields: [],
      rows: [{ line: 4, errors: [{ field: "company.kvk", code: "kvk_format", message: "KvK-nummer moet uit precies 8 cijfers bestaan.", message_en: "" }] }],
    };
    mockIPC(() => Promise.reject(refused));
    const err = await api.importCases("/tmp/x.csv", null, "all_or_nothing").catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "import_rows_invalid", rows: [{ line: 4 }] });
  });

  it("calls the matching commands with caseId in camelCase and returns the core's answers", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      switch (cmd) {
        case "match_case":
          return matchReport;
        case "propose_stacks":
          return proposalOf([stack()]);
        case "save_plan":
          return planOf(stack());
        case "get_plan":
          return null;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const options = { acceptable_capital_types: ["equity" as const], expected_tranche_cents: null };
    const request = {
      pinned: [{ financier_id: "fin-ing", instrument_id: "ins-ing", amount_cents: 25_000_000, capital_type: "senior_loan" as const }],
      excluded_instruments: ["ins-rom"],
      acceptable_capital_types: [],
    };
    expect((await api.matchCase("case-1", options)).matches[0].financier_name).toBe("ING");
    const proposal = await api.proposeStacks("case-1", request);
    expect(proposal.stacks).toHaveLength(1);
    expect(proposal.partial).toBeNull();
    expect(proposal.nearest).toEqual([]);
    expect((await api.savePlan("case-1", stack())).id).toBe("plan-1");
    expect(await api.getPlan("2026-0022")).toBeNull();
    expect(calls).toEqual([
      ["match_case", { caseId: "case-1", options }],
      ["propose_stacks", { caseId: "case-1", request }],
      ["save_plan", { caseId: "case-1", stack: stack() }],
      ["get_plan", { caseId: "2026-0022" }],
    ]);
  });

  it("returns the partial stack and the nearest instruments when no stack covers the need", async () => {
    mockIPC((cmd) => (cmd === "propose_stacks" ? { stacks: [], partial: partialStack, nearest } : Promise.reject(new Error(cmd))));
    const proposal = await api.proposeStacks("case-1", { pinned: [], excluded_instruments: [], acceptable_capital_types: [] });
    expect(proposal.stacks).toEqual([]);
    expect(proposal.partial?.gap_cents).toBe(45_000_000);
    expect(proposal.nearest.map((n) => n.instrument_id)).toEqual(["ins-rom", "ins-liof"]);
  });

  it("rejects a refused pin with the core's ErrorPayload and its field messages", async () => {
    mockIPC(() => Promise.reject(pinOutsideRange));
    const err = await api.proposeStacks("case-1", { pinned: [], excluded_instruments: [], acceptable_capital_types: [] }).catch((e: unknown) => e);
    expect(isErrorPayload(err)).toBe(true);
    expect(err).toEqual(pinOutsideRange);
  });

  it("calls the erasure and retention commands with main.rs's argument names", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    await api.previewCompanyErasure("71234567");
    await api.eraseCompany("company-1", "Bakkerij De Korenaar B.V.");
    await api.eraseCompanyContact("2026-0007");
    await api.eraseContact("con-1");
    await api.retentionSettings();
    await api.setRetentionMonths(36);
    await api.previewRetention(null);
    await api.previewRetention(12);
    await api.applyRetention(24);
    expect(calls).toEqual([
      ["preview_company_erasure", { reference: "71234567" }],
      ["erase_company", { reference: "company-1", confirmName: "Bakkerij De Korenaar B.V." }],
      ["erase_company_contact", { reference: "2026-0007" }],
      ["erase_contact", { contactId: "con-1" }],
      ["retention_settings", {}],
      ["set_retention_months", { months: 36 }],
      ["preview_retention", { months: null }],
      ["preview_retention", { months: 12 }],
      ["apply_retention", { months: 24 }],
    ]);
  });
});
