// @vitest-environment jsdom
import { createRawSnippet, flushSync } from "svelte";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import DataTable from "../common/DataTable.svelte";
import { $, $$, all } from "../../test/dom";
import { show, tearDown } from "../../test/mount";
import { changeableProps } from "../../test/props.svelte";

type Row = { id: string; name: string };

const head = createRawSnippet(() => ({ render: () => `<th scope="col">Naam</th>` }));
const row = createRawSnippet((r: () => Row, i: () => number) => ({
  render: () => `<tr data-testid="row" data-id="${r().id}"><td>${i()}: ${r().name}</td></tr>`,
}));
const jansen = { id: "a", name: "Bakkerij Jansen" };
const vries = { id: "b", name: "De Vries BV" };

beforeEach(() => {
  document.body.innerHTML = "";
});

afterEach(tearDown);

describe("DataTable", () => {
  it("shows the empty line, and no table, where there are no rows", () => {
    show(DataTable<Row>, { props: { rows: [], key: (r: Row) => r.id, empty: "Nog niets", emptyTestid: "none", class: "data-table", head, row } });
    expect($("none").textContent).toBe("Nog niets");
    expect($("none").className).toBe("muted");
    expect($$("table")).toHaveLength(0);
  });

  it("gives the empty line the caller's classes besides 'muted'", () => {
    show(DataTable<Row>, { props: { rows: [], key: (r: Row) => r.id, empty: "Nog niets", emptyTestid: "none", emptyClass: "empty outcome-empty", row } });
    expect($("none").className).toBe("muted empty outcome-empty");
  });

  it("shows the rows in order under one header row, in a table with its class and test id", () => {
    show(DataTable<Row>, { props: { rows: [jansen, vries], key: (r: Row) => r.id, empty: "Nog niets", emptyTestid: "none", class: "data-table top", testid: "list", head, row } });
    expect(all("none")).toHaveLength(0);
    const table = $("list");
    expect(table.tagName).toBe("TABLE");
    expect(table.className).toBe("data-table top");
    expect($$("thead tr", table)).toHaveLength(1);
    expect($$("thead th", table).map((th) => [th.textContent, th.getAttribute("scope")])).toEqual([["Naam", "col"]]);
    expect($$("tbody tr", table).map((tr) => tr.textContent)).toEqual(["0: Bakkerij Jansen", "1: De Vries BV"]);
  });

  it("has no header row without headings", () => {
    show(DataTable<Row>, { props: { rows: [jansen], key: (r: Row) => r.id, empty: "Nog niets", row } });
    expect($$("thead")).toHaveLength(0);
    expect(all("row")).toHaveLength(1);
  });

  it("keeps a row's element by its key when the rows change, and goes back to the empty line", () => {
    const props = changeableProps({ rows: [jansen, vries] as Row[], key: (r: Row) => r.id, empty: "Nog niets", emptyTestid: "none", head, row });
    show(DataTable<Row>, { props });
    const before = all("row").find((tr) => tr.dataset.id === "b");
    props.rows = [vries, jansen];
    flushSync();
    expect(all("row").map((tr) => tr.dataset.id)).toEqual(["b", "a"]);
    expect(all("row")[0]).toBe(before);
    props.rows = [];
    flushSync();
    expect(all("row")).toHaveLength(0);
    expect($("none").textContent).toBe("Nog niets");
  });
});
