// @vitest-environment jsdom
import { createRawSnippet } from "svelte";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setTaxonomy } from "../../lib/taxonomy.svelte";
import AnswerFields from "../outcome/AnswerFields.svelte";
import { taxonomy } from "../../test/fixtures";
import { $, all, choose, type } from "../../test/dom";
import { show, tearDown } from "../../test/mount";
import { boundProps } from "../../test/props.svelte";

const decline = createRawSnippet(() => ({ render: () => `<p data-testid="extra">brief</p>` }));

/** Mounts the fields as a form does, its four values bound (read back from what is returned). */
function open(errors: Record<string, { field: string; code: string; message: string; message_en: string }[]> = {}) {
  const props = boundProps(
    { status: "", reason: "", reasonText: "", amount: "" },
    { prefix: "x-", errs: (field: string) => errors[field] ?? [], testid: (field: string) => `x-${field}`, decline },
  );
  show(AnswerFields, { props });
  return props;
}

beforeEach(() => {
  document.body.innerHTML = "";
  setTaxonomy(taxonomy);
});

afterEach(tearDown);

describe("AnswerFields", () => {
  it("asks for a reason, and what the form adds, only with a decline; a text only for 'other'", () => {
    const props = open();
    expect(all("x-status")).toHaveLength(1);
    expect(all("x-amount")).toHaveLength(1);
    expect(all("x-decline_reason")).toHaveLength(0);
    expect(all("extra")).toHaveLength(0);

    choose("x-status", "declined");
    expect(props.status).toBe("declined");
    expect(all("x-decline_reason")).toHaveLength(1);
    expect(all("x-decline_text")).toHaveLength(0);
    expect(all("extra")).toHaveLength(1);

    choose("x-decline_reason", "other");
    type("x-decline_text", "Geen vertrouwen");
    type("x-amount", "25.000");
    expect([props.reason, props.reasonText, props.amount]).toEqual(["other", "Geen vertrouwen", "25.000"]);

    choose("x-status", "committed");
    expect(all("x-decline_reason")).toHaveLength(0);
    expect(all("extra")).toHaveLength(0);
  });

  it("shows the core's message at its field, under the form's prefix", () => {
    open({ amount: [{ field: "amount", code: "invalid", message: "Geen bedrag", message_en: "Not an amount" }] });
    expect(document.getElementById("f-x-amount-error")?.textContent).toContain("Geen bedrag");
    expect($("x-amount").getAttribute("aria-invalid")).toBe("true");
  });
});
