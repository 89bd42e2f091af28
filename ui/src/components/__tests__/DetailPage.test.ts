// @vitest-environment jsdom
import { createRawSnippet } from "svelte";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ErrorPayload } from "../../lib/bindings/ErrorPayload";
import DetailPage from "../common/DetailPage.svelte";
import Loadable from "../common/Loadable.svelte";
import { $, all } from "../../test/dom";
import { show, tearDown } from "../../test/mount";

type Item = { name: string };

const failed: ErrorPayload = { code: "database", message: "De database gaf een fout", message_en: "The database failed", fields: [], rows: [] };
const children = createRawSnippet((item: () => Item) => ({ render: () => `<p data-testid="loaded">${item().name}</p>` }));
let retried = 0;
const onretry = () => void retried++;

beforeEach(() => {
  document.body.innerHTML = "";
  retried = 0;
});

afterEach(tearDown);

describe("Loadable", () => {
  it("says it is loading until there is a value", () => {
    show(Loadable<Item>, { props: { value: null, error: null, onretry, children } });
    expect(document.body.textContent).toContain("Laden…");
    expect(all("loaded")).toHaveLength(0);
    expect(all("load-error")).toHaveLength(0);
  });

  it("hands the loaded value to its content", () => {
    show(Loadable<Item>, { props: { value: { name: "Bakkerij Jansen" }, error: null, onretry, children } });
    expect($("loaded").textContent).toBe("Bakkerij Jansen");
    expect(document.body.textContent).not.toContain("Laden…");
  });

  it("shows why loading failed, with a retry, even over a value loaded before", () => {
    show(Loadable<Item>, { props: { value: { name: "Bakkerij Jansen" }, error: failed, onretry, children } });
    expect($("load-error").dataset.code).toBe("database");
    expect($("load-error").textContent).toContain("De database gaf een fout");
    expect(all("loaded")).toHaveLength(0);
    $("load-error").querySelector("button")!.click();
    expect(retried).toBe(1);
  });
});

describe("DetailPage", () => {
  it("links back to its list and shows what it loaded in a column as wide as asked", () => {
    show(DetailPage<Item>, { props: { back: "#/register", backLabel: "Terug naar het register", maxWidth: "1500px", value: { name: "Qredits" }, error: null, onretry, children } });
    const back = document.querySelector<HTMLAnchorElement>("a.back-link")!;
    expect(back.getAttribute("href")).toBe("#/register");
    expect(back.textContent).toBe("← Terug naar het register");
    expect((back.parentElement as HTMLElement).style.maxWidth).toBe("1500px");
    expect($("loaded").textContent).toBe("Qredits");
  });
});
