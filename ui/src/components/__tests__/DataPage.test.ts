// @vitest-environment jsdom
import { flushSync } from "svelte";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { todayIso } from "../../lib/caseForm";
import { pathNotChosen } from "../../test/fixtures";
import DataPage from "../data/DataPage.svelte";
import { $, settle, type } from "../../test/dom";
import { calls, record } from "../../test/ipc";
import { show, tearDown } from "../../test/mount";

/** What the native save dialog gives: a path, or null when cancelled. */
let chosen: string | null = null;
let backupResult: () => unknown;

const report = { path: "/tmp/b.tafelbackup", schema_version: 7, tables: [{ table: "cases", rows: 60 }] };
const today = todayIso();

const due = (n: number) => ({ case_id: `case-${n}`, case_number: `2024-000${n}`, status: "financed", closed_on: "2024-06-01", deleted: false, company_id: `co-${n}` });

/** What the retention rule would do for `months` (24 when null): one case per 12 months short of 48. */
function retentionPreview(months: number | null) {
  const m = months ?? 24;
  if (m === 0) return { months: null, cutoff: null, cases: [], company_ids: [] };
  const count = Math.max(0, Math.floor((48 - m) / 12));
  return { months: m, cutoff: "2024-12-02", cases: Array.from({ length: count }, (_, i) => due(i + 1)), company_ids: count > 0 ? ["co-1"] : [] };
}

/** The calls a test makes itself: not the retention section's own loading. */
const RETENTION = new Set(["retention_settings", "preview_retention", "set_retention_months", "apply_retention"]);
const own = () => calls.filter(([cmd]) => !RETENTION.has(cmd));
const retentionCalls = () => calls.filter(([cmd]) => RETENTION.has(cmd));

beforeEach(() => {
  document.body.innerHTML = "";
  chosen = null;
  backupResult = () => report;
  record((cmd, a) => {
    if (cmd === "choose_file") return chosen;
    if (cmd === "backup_encrypted" || cmd === "backup") return backupResult();
    if (cmd === "retention_settings") return { months: 24, default_months: 24, last_run_on: "2026-12-01" };
    if (cmd === "preview_retention") return retentionPreview((a.months as number | null) ?? null);
    if (cmd === "set_retention_months") return { months: (a.months as number) || null, default_months: 24, last_run_on: "2026-12-01" };
    if (cmd === "apply_retention") return { kind: "retention", subject_id: "e-1", case_ids: ["case-1", "case-2"], company_ids: ["co-1"], counts: { rows: 9, log_entries: 14 }, recorded: true, vacuumed: true, wal_checkpointed: true };
    if (cmd === "recovery_key") return { key: "8f3b-6c1d-2e4a-5960-7182-930a-1b2c-3d4e-5f60-7182-93a4-b5c6-d7e8-f901-1223-3445", kept_in: "het sleutelbestand /tmp/tafel.db.key", kept_in_en: "the key file /tmp/tafel.db.key" };
    throw new Error(cmd);
  });
  show(DataPage, {});
  flushSync();
});

afterEach(tearDown);


/** "Bladeren…" with the dialog answering `answer`. */
async function browse(answer: string | null): Promise<void> {
  chosen = answer;
  $("backup-path-browse").click();
  await settle();
}

describe("Backup on the Gegevens page", () => {
  it("encrypts by default, with the passphrase typed twice, to the file chosen in the save dialog", async () => {
    expect($<HTMLInputElement>("backup-encrypt").checked).toBe(true);
    const field = $<HTMLInputElement>("backup-path");
    expect(field.readOnly).toBe(true);
    expect(field.value).toBe("");
    await browse("/tmp/b.tafelbackup");
    expect(own()).toEqual([["choose_file", { purpose: "encrypted_backup", suggested: `tafel-backup-${today}.tafelbackup` }]]);
    expect(field.value).toBe("/tmp/b.tafelbackup");
    type("backup-passphrase", "Zeven vette kippen");
    type("backup-passphrase-repeat", "Zeven vette kippen");
    $("backup-run").click();
    await settle();
    expect(own().slice(1)).toEqual([["backup_encrypted", { path: "/tmp/b.tafelbackup", passphrase: "Zeven vette kippen", operation: expect.stringMatching(/^op-/) }]]);
    expect($("backup-report").dataset.path).toBe("/tmp/b.tafelbackup");
  });

  it("writes nothing, and opens no dialog, when the two passphrases differ", async () => {
    type("backup-passphrase", "Zeven vette kippen");
    type("backup-passphrase-repeat", "Acht vette kippen");
    $("backup-run").click();
    await settle();
    expect(own()).toEqual([]);
    expect($("backup-mismatch").textContent).toContain("verschillen");
  });

  it("makes a plain JSON backup only when encryption is switched off; with no file chosen the button opens the dialog", async () => {
    const box = $<HTMLInputElement>("backup-encrypt");
    box.click();
    flushSync();
    expect(document.querySelector('[data-testid="backup-passphrase"]')).toBeNull();
    chosen = "/tmp/b";
    $("backup-run").click();
    await settle();
    expect(own()).toEqual([
      ["choose_file", { purpose: "backup", suggested: `tafel-backup-${today}.json` }],
      // A name typed without an extension in the dialog gets the backup's.
      ["backup", { path: "/tmp/b.json", operation: expect.stringMatching(/^op-/) }],
    ]);
    expect($<HTMLInputElement>("backup-path").value).toBe("/tmp/b.json");
  });

  it("leaves the path as it was when the dialog is cancelled, and writes nothing", async () => {
    await browse("/tmp/b.tafelbackup");
    await browse(null);
    expect($<HTMLInputElement>("backup-path").value).toBe("/tmp/b.tafelbackup");
    $("backup-encrypt").click();
    flushSync();
    // A file chosen for an encrypted backup is not one for a plain backup: a new one is asked for.
    expect($<HTMLInputElement>("backup-path").value).toBe("");
    chosen = null;
    $("backup-run").click();
    await settle();
    expect(own().map(([cmd]) => cmd)).toEqual(["choose_file", "choose_file", "choose_file"]);
    expect($<HTMLInputElement>("backup-path").value).toBe("");
    expect(document.querySelector('[role="alert"]')).toBeNull();
  });

  it("shows the shell's refusal of a file not chosen in its dialog like any other error", async () => {
    backupResult = () => Promise.reject(pathNotChosen);
    await browse("/tmp/b.tafelbackup");
    type("backup-passphrase", "Zeven vette kippen");
    type("backup-passphrase-repeat", "Zeven vette kippen");
    $("backup-run").click();
    await settle();
    expect($("backup-error").dataset.code).toBe("invalid_input");
    expect($("backup-error").textContent).toContain("Bladeren");
    expect(document.querySelector('[data-testid="backup-report"]')).toBeNull();
  });
});

describe("Recovery key on the Gegevens page", () => {
  it("shows the key only when asked, with where it is kept, and hides it again", async () => {
    expect(document.querySelector('[data-testid="recovery-key"]')).toBeNull();
    $("recovery-show").click();
    await settle();
    expect(own()).toEqual([["recovery_key", {}]]);
    expect($("recovery-key").textContent).toBe("8f3b-6c1d-2e4a-5960-7182-930a-1b2c-3d4e-5f60-7182-93a4-b5c6-d7e8-f901-1223-3445");
    expect($("recovery-section").textContent).toContain("het sleutelbestand /tmp/tafel.db.key");
    $("recovery-hide").click();
    flushSync();
    expect(document.querySelector('[data-testid="recovery-key"]')).toBeNull();
  });
});

describe("Retention period on the Gegevens page", () => {
  it("shows the period set, the last run and how many closed cases it would anonymise", async () => {
    await settle();
    expect($<HTMLInputElement>("retention-months").value).toBe("24");
    expect($("retention-preview").textContent).toContain("2 afgesloten casussen worden geanonimiseerd");
    expect($("retention-preview").textContent).toContain("02-12-2024");
    expect($("retention-section").textContent).toContain("01-12-2026");
    expect(retentionCalls()).toEqual([["retention_settings", {}], ["preview_retention", { months: null }]]);
  });

  it("previews the months as typed before they are saved, and saves them", async () => {
    await settle();
    type("retention-months", "36");
    await settle();
    expect($("retention-preview").textContent).toContain("1 afgesloten casus wordt geanonimiseerd");
    type("retention-months", "0");
    await settle();
    expect($("retention-preview").textContent).toContain("staat uit");
    expect(document.querySelector('[data-testid="retention-apply"]')).toBeNull();
    $("retention-save").click();
    await settle();
    expect(retentionCalls().at(-1)).toEqual(["set_retention_months", { months: 0 }]);
    expect($("retention-message").textContent).toContain("opgeslagen");
  });

  it("applies the rule now only after a confirmation", async () => {
    await settle();
    $("retention-apply").click();
    flushSync();
    expect(retentionCalls().some(([cmd]) => cmd === "apply_retention")).toBe(false);
    $("retention-apply-confirm").click();
    await settle();
    expect(retentionCalls()).toContainEqual(["apply_retention", { months: 24 }]);
    expect($("retention-message").textContent).toBe("2 casus(sen) geanonimiseerd, 1 bedrijf/bedrijven gewist.");
  });
});
