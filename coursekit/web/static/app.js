// Sort a table.sortable by the clicked header (numbers by data-value), and jump to an
// assignment from the navigation's select. No inline scripts: the app's CSP forbids them.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const table of document.querySelectorAll("table.sortable")) {
    const headers = table.tHead.rows[0].cells;
    for (let col = 0; col < headers.length; col++) {
      const th = headers[col];
      th.classList.add("sort");
      th.addEventListener("click", (event) => {
        if (event.target.closest("a")) return;  // the header's own link
        const down = th.dataset.dir !== "desc";
        for (const other of headers) delete other.dataset.dir;
        th.dataset.dir = down ? "desc" : "asc";
        const numeric = th.dataset.sort === "num";
        const key = (row) => {
          const cell = row.cells[col];
          if (!numeric) return cell.textContent.trim().toLowerCase();
          const value = parseFloat(cell.dataset.value ?? cell.textContent);
          return Number.isNaN(value) ? -1 : value;  // an empty cell: no notebook
        };
        const rows = Array.from(table.tBodies[0].rows);
        rows.sort((a, b) => {
          const x = key(a), y = key(b);
          const order = x < y ? -1 : x > y ? 1 : 0;
          return down ? -order : order;
        });
        table.tBodies[0].append(...rows);
      });
    }
  }
  const go = document.querySelector("select[data-goto]");
  if (go) go.addEventListener("change", () => {
    if (go.value) window.location.href = go.dataset.goto + encodeURIComponent(go.value);
  });
  const assignment = document.getElementById("f-assignment");
  if (assignment) assignment.addEventListener("change", () => {
    document.getElementById("f-failed").value = "";  // tests belong to one assignment
    document.getElementById("filters").submit();
  });
});
