// Shows a screenful of static rows, then marks the first paint after them with the names
// Tafel's window uses (ui/src/lib/timing.ts), so benches/app times both windows alike.
const body = document.getElementById("rows");
for (let i = 1; i <= 20; i++) {
  const row = document.createElement("tr");
  for (const text of [`2026-${String(i).padStart(4, "0")}`, `Bedrijf ${i} BV`, "Utrecht", "€ 250.000", "Nieuw"]) {
    const cell = document.createElement("td");
    cell.textContent = text;
    row.append(cell);
  }
  body.append(row);
}
requestAnimationFrame(() =>
  setTimeout(() => {
    performance.mark("tafel:first-screen");
    performance.mark("tafel:first-rows");
  }, 0),
);
