// @vitest-environment jsdom
// The error screen of a database whose key is gone opens it with the typed recovery key.
import { flushSync } from "svelte";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { app } from "../../lib/app.svelte";
import FatalError from "../shell/FatalError.svelte";
import { taxonomy } from "../../test/fixtures";
import { calls, record } from "../../test/ipc";
import { show, tearDown } from "../../test/mount";

const RECOVERY = "8f3b-6c1d-2e4a-5960-7182-930a-1b2c-3d4e-5f60-7182-93a4-b5c6-d7e8-f901-1223-3445";

function payload(code: string, message: string) {
  return { code, message, message_en: message, fields: [], rows: [] };
}

function showError(code: string): void {
  show(FatalError, { props: { error: payload(code, "Geen sleutel gevonden voor de bestaande database") } });
  flushSync();
}

beforeEach(() => {
  document.body.innerHTML = "";
  record((cmd, args) => {
    if (cmd === "open_with_recovery_key") {
      if ((args as { key: string }).key !== RECOVERY) throw payload("wrong_key", "De sleutel opent deze database niet");
      return "het sleutelbestand /tmp/tafel.db.key";
    }
    if (cmd === "app_info") return { db_path: "/tmp/tafel.db", schema_version: 8, case_count: 60 };
    if (cmd === "taxonomy") return taxonomy;
    throw new Error(cmd);
  });
});

afterEach(tearDown);

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.querySelector<T>(`[data-testid="${id}"]`);

async function submit(key: string): Promise<void> {
  const input = $<HTMLInputElement>("recovery-input")!;
  input.value = key;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  flushSync();
  $<HTMLFormElement>("recovery-form")!.requestSubmit();
  for (let i = 0; i < 6; i++) await new Promise((r) => setTimeout(r, 0));
  flushSync();
}

describe("Opening with the recovery key", () => {
  it("is offered for a missing key and opens the database with the right one", async () => {
    app.fatal = payload("key_missing", "x");
    showError("key_missing");
    await submit("0000-".repeat(15) + "0000");
    expect($("recovery-open-error")!.dataset.code).toBe("wrong_key");
    expect(app.fatal).not.toBeNull();
    await submit(RECOVERY);
    expect(calls.filter(([c]) => c === "open_with_recovery_key").at(-1)).toEqual(["open_with_recovery_key", { key: RECOVERY }]);
    expect(calls.map(([c]) => c)).toContain("app_info");
    expect(app.fatal).toBeNull();
  });

  it("is not offered when the key is not the problem", () => {
    showError("newer_schema");
    expect($("recovery-form")).toBeNull();
  });
});
