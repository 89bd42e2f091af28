// @vitest-environment jsdom
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { flushSync, mount, unmount } from "svelte";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import DataPage from "../data/DataPage.svelte";

let component: ReturnType<typeof mount> | undefined;
let calls: [string, Record<string, unknown>][] = [];

const report = { path: "/tmp/b.tafelbackup", schema_version: 7, tables: [{ table: "cases", rows: 60 }] };

beforeEach(() => {
  document.body.innerHTML = "";
  calls = [];
  mockIPC((cmd, args) => {
    calls.push([cmd, args as Record<string, unknown>]);
    if (cmd === "backup_encrypted" || cmd === "backup") return report;
    if (cmd === "recovery_key") return { key: "8f3b-6c1d-2e4a-5960-7182-930a-1b2c-3d4e-5f60-7182-93a4-b5c6-d7e8-f901-1223-3445", kept_in: "het sleutelbestand /tmp/tafel.db.key", kept_in_en: "the key file /tmp/tafel.db.key" };
    throw new Error(cmd);
  });
  component = mount(DataPage, { target: document.body });
  flushSync();
});

afterEach(() => {
  if (component) unmount(component);
  component = undefined;
  clearMocks();
});

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.querySelector<T>(`[data-testid="${id}"]`)!;

function type(id: string, text: string): void {
  const input = $<HTMLInputElement>(id);
  input.value = text;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  flushSync();
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  flushSync();
}

describe("Backup on the Gegevens page", () => {
  it("encrypts by default, with the passphrase typed twice", async () => {
    expect($<HTMLInputElement>("backup-encrypt").checked).toBe(true);
    expect($<HTMLInputElement>("backup-path").placeholder).toMatch(/\.tafelbackup$/);
    type("backup-path", "/tmp/b.tafelbackup");
    type("backup-passphrase", "Zeven vette kippen");
    type("backup-passphrase-repeat", "Zeven vette kippen");
    $("backup-run").click();
    await settle();
    expect(calls).toEqual([["backup_encrypted", { path: "/tmp/b.tafelbackup", passphrase: "Zeven vette kippen", operation: expect.stringMatching(/^op-/) }]]);
    expect($("backup-report").dataset.path).toBe("/tmp/b.tafelbackup");
  });

  it("writes nothing when the two passphrases differ", async () => {
    type("backup-path", "/tmp/b.tafelbackup");
    type("backup-passphrase", "Zeven vette kippen");
    type("backup-passphrase-repeat", "Acht vette kippen");
    $("backup-run").click();
    await settle();
    expect(calls).toEqual([]);
    expect($("backup-mismatch").textContent).toContain("verschillen");
  });

  it("makes a plain JSON backup only when encryption is switched off", async () => {
    const box = $<HTMLInputElement>("backup-encrypt");
    box.click();
    flushSync();
    expect(document.querySelector('[data-testid="backup-passphrase"]')).toBeNull();
    expect($<HTMLInputElement>("backup-path").placeholder).toMatch(/\.json$/);
    type("backup-path", "/tmp/b.json");
    $("backup-run").click();
    await settle();
    expect(calls).toEqual([["backup", { path: "/tmp/b.json", operation: expect.stringMatching(/^op-/) }]]);
  });
});

describe("Recovery key on the Gegevens page", () => {
  it("shows the key only when asked, with where it is kept, and hides it again", async () => {
    expect(document.querySelector('[data-testid="recovery-key"]')).toBeNull();
    $("recovery-show").click();
    await settle();
    expect(calls).toEqual([["recovery_key", {}]]);
    expect($("recovery-key").textContent).toBe("8f3b-6c1d-2e4a-5960-7182-930a-1b2c-3d4e-5f60-7182-93a4-b5c6-d7e8-f901-1223-3445");
    expect($("recovery-section").textContent).toContain("het sleutelbestand /tmp/tafel.db.key");
    $("recovery-hide").click();
    flushSync();
    expect(document.querySelector('[data-testid="recovery-key"]')).toBeNull();
  });
});
