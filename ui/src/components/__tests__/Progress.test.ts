// @vitest-environment jsdom
// A long backup shows the core's progress and can be cancelled from the window.
import { flushSync } from "svelte";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deliver } from "../../lib/operation.svelte";
import DataPage from "../data/DataPage.svelte";
import { settle } from "../../test/dom";
import { calls, record } from "../../test/ipc";
import { show, tearDown } from "../../test/mount";

let finishBackup: (outcome: { code: string; message: string } | null) => void = () => {};

beforeEach(() => {
  document.body.innerHTML = "";
  record((cmd) => {
    if (cmd === "backup") {
      // The backup runs until the test says how it ends.
      return new Promise((resolve, reject) => {
        finishBackup = (failure) =>
          failure
            ? reject({ ...failure, message_en: failure.message, fields: [], rows: [] })
            : resolve({ path: "/tmp/b.json", schema_version: 8, tables: [] });
      });
    }
    if (cmd === "cancel_operation") return true;
    if (cmd === "choose_file") return "/tmp/b.json";
    throw new Error(cmd);
  });
  show(DataPage, {});
  flushSync();
});

afterEach(tearDown);

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.querySelector<T>(`[data-testid="${id}"]`);

async function startPlainBackup(): Promise<string> {
  $<HTMLInputElement>("backup-encrypt")!.click();
  flushSync();
  // No file chosen yet: the button opens the save dialog, which gives /tmp/b.json.
  $("backup-run")!.click();
  await settle();
  const backup = calls.find(([cmd]) => cmd === "backup")!;
  return backup[1].operation as string;
}

describe("Progress of a long command", () => {
  it("shows the phase and the count the core reports, then goes when the work ends", async () => {
    const operation = await startPlainBackup();
    expect($("progress")).not.toBeNull();
    deliver({ operation, phase: "collecting", done: 1200, total: 5000 });
    flushSync();
    expect($("progress")!.dataset.phase).toBe("collecting");
    expect($("progress")!.textContent).toContain("Gegevens verzamelen");
    expect($("progress")!.textContent).toContain("1.200 van 5.000");
    expect(document.querySelector("progress")!.getAttribute("value")).toBe("24");
    deliver({ operation: "een-ander", phase: "writing", done: 1, total: 1 });
    flushSync();
    // Another operation's steps are not this one's.
    expect($("progress")!.dataset.phase).toBe("collecting");
    finishBackup(null);
    await settle();
    expect($("progress")).toBeNull();
    expect($("backup-report")).not.toBeNull();
  });

  it("cancels through the core and says nothing was written, not that something failed", async () => {
    const operation = await startPlainBackup();
    $("progress-cancel")!.click();
    await settle();
    expect(calls.at(-1)).toEqual(["cancel_operation", { operation }]);
    expect($<HTMLButtonElement>("progress-cancel")!.disabled).toBe(true);
    finishBackup({ code: "cancelled", message: "Geannuleerd: er is niets opgeslagen en geen bestand geschreven." });
    await settle();
    expect($("progress")).toBeNull();
    expect($("backup-cancelled")!.textContent).toContain("geen bestand geschreven");
    expect($("backup-error")).toBeNull();
  });
});
