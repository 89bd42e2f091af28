import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { draftFromForm, emptyForm, formFromCase, saveCase, todayIso } from "./caseForm";
import { groupFieldErrors, Submission } from "./submission.svelte";
import { invalidInput, storedCase } from "../test/fixtures";

afterEach(() => clearMocks());

describe("case form values", () => {
  it("starts a new case with today's intake, status intake and the anonymised summary", () => {
    const form = emptyForm("2026-03-04");
    expect(form.text.intake_date).toBe("2026-03-04");
    expect(form.text.status).toBe("intake");
    expect(form.text.disclosure).toBe("public_summary");
    expect(form.text["company.name"]).toBe("");
    expect(todayIso(new Date(2026, 0, 5))).toBe("2026-01-05");
  });

  it("fills the form from a stored case: cents back to Dutch euro text, dates as ISO", () => {
    const form = formFromCase(storedCase);
    expect(form.text.amount_eur).toBe("850.000");
    expect(form.text["company.turnover_eur"]).toBe("1.200.000");
    expect(form.text["company.equity_eur"]).toBe("-5.000");
    expect(form.text["company.founding_year"]).toBe("2012");
    expect(form.text.consent_until).toBe("2026-11-21");
    expect(form.capitalTypes).toEqual(["senior_loan", "guarantee"]);
    expect(form.consentFinancierIds).toEqual(["fin-1"]);
  });

  it("builds a full draft: empty text is null, amounts go as typed for the core to parse", () => {
    const form = emptyForm("2026-03-04");
    form.text["company.name"] = "Korenaar";
    form.text.amount_eur = "1,2 mln";
    form.capitalTypes = ["equity"];
    const draft = draftFromForm(form);
    expect(draft.company?.name).toBe("Korenaar");
    expect(draft.company?.kvk).toBeNull();
    expect(draft.company?.natural_person).toBe(false);
    expect(draft.amount_eur).toBe("1,2 mln");
    expect(draft.capital_types).toEqual(["equity"]);
    expect(draft.notes).toBeNull();
    expect(draft.consent_financier_ids).toEqual([]);
    expect(draft.intake_date).toBe("2026-03-04");
  });

  it("round-trips a stored case without losing consent or company facts", () => {
    const draft = draftFromForm(formFromCase(storedCase));
    expect(draft.consent_financier_ids).toEqual(["fin-1"]);
    expect(draft.company?.kvk).toBe("71234567");
    expect(draft.company?.employees).toBe("14");
    expect(draft.status).toBe("screening");
  });

  it("groups field errors by path", () => {
    const grouped = groupFieldErrors([...invalidInput.fields, { ...invalidInput.fields[0], code: "other" }]);
    expect(Object.keys(grouped)).toEqual(["company.kvk", "amount_eur", "capital_types"]);
    expect(grouped["company.kvk"]).toHaveLength(2);
  });
});

describe("saveCase", () => {
  it("adds a new case with add_case({draft})", async () => {
    let seen: unknown;
    mockIPC((cmd, args) => {
      seen = [cmd, args];
      return storedCase;
    });
    const form = emptyForm("2026-03-04");
    form.text["company.name"] = "Korenaar";
    expect((await saveCase(null, form)).id).toBe(storedCase.id);
    expect(seen).toEqual(["add_case", { draft: draftFromForm(form) }]);
  });

  it("updates with the whole draft as merge patch: update_case({id, patch})", async () => {
    let seen: unknown;
    mockIPC((cmd, args) => {
      seen = [cmd, args];
      return storedCase;
    });
    const form = formFromCase(storedCase);
    form.text.notes = "";
    expect((await saveCase("case-1", form)).id).toBe("case-1");
    const [cmd, args] = seen as [string, { id: string; patch: Record<string, unknown> }];
    expect(cmd).toBe("update_case");
    expect(args.id).toBe("case-1");
    expect(args.patch.notes).toBeNull(); // cleared
    expect(args.patch.amount_eur).toBe("850.000");
  });

  it("names the version the edit was made on, and reports a case changed meanwhile", async () => {
    let seen: { patch: Record<string, unknown> } | undefined;
    const changed = {
      code: "case_changed_meanwhile",
      message: "Casus 2026-0001 is intussen gewijzigd (om 01-03-2026 11:00:00; u bewerkte de versie van 01-03-2026 10:00:00). Uw wijziging is niet opgeslagen: open de casus opnieuw en breng haar daarin aan.",
      message_en: "Case 2026-0001 was changed meanwhile.",
      fields: [],
      rows: [],
    };
    mockIPC((_cmd, args) => {
      seen = args as { patch: Record<string, unknown> };
      return Promise.reject(changed);
    });
    const submission = new Submission();
    expect(await submission.run(() => saveCase("case-1", formFromCase(storedCase), storedCase.updated_at))).toBe(false);
    expect(seen?.patch.expected_updated_at).toBe(storedCase.updated_at);
    expect(submission.error?.code).toBe("case_changed_meanwhile");
    expect(submission.error?.message).toContain("intussen gewijzigd");
    expect(submission.fieldErrors).toEqual({});
  });

  it("maps an invalid_input rejection to errors per field, and a later save clears them", async () => {
    mockIPC(() => Promise.reject(invalidInput));
    let shown = 0;
    const submission = new Submission(() => shown++);
    const saved: unknown[] = [];
    expect(await submission.run(() => saveCase(null, emptyForm()), (c) => saved.push(c))).toBe(false);
    expect(shown).toBe(1);
    expect(saved).toEqual([]);
    expect(submission.error?.code).toBe("invalid_input");
    expect(submission.errs("company.kvk")[0].message).toContain("8 cijfers");
    expect(submission.errs("amount_eur")[0].code).toBe("required");
    expect(submission.errs("capital_types")).toHaveLength(1);
    expect(submission.errs("notes")).toEqual([]);
    expect(submission.saving).toBe(false);

    mockIPC(() => storedCase);
    expect(await submission.run(() => saveCase(null, emptyForm()), (c) => saved.push(c))).toBe(true);
    expect(saved).toEqual([storedCase]);
    expect(submission.error).toBeNull();
    expect(submission.fieldErrors).toEqual({});
    expect(shown).toBe(1);
  });

  it("reports other failures without field errors", async () => {
    mockIPC(() =>
      Promise.reject({ code: "kvk_taken", message: "KvK-nummer hoort bij een ander bedrijf.", message_en: "KvK number belongs to another company.", fields: [], rows: [] }),
    );
    const submission = new Submission();
    await submission.run(() => saveCase("case-1", formFromCase(storedCase)));
    expect(submission.error?.code).toBe("kvk_taken");
    expect(submission.fieldErrors).toEqual({});
  });

  it("runs one save at a time", async () => {
    let release: (value: unknown) => void = () => {};
    let calls = 0;
    mockIPC(() => {
      calls++;
      return new Promise((resolve) => (release = resolve));
    });
    const submission = new Submission();
    const first = submission.run(() => saveCase(null, emptyForm()));
    expect(submission.saving).toBe(true);
    expect(await submission.run(() => saveCase(null, emptyForm()))).toBe(false);
    release(storedCase);
    expect(await first).toBe(true);
    expect(calls).toBe(1);
  });
});
