// Sortable tables for the leaderboard: a click on a header of a table inside .loop-sortable sorts its rows.
// Numbers (a leading figure such as 0.8671 or +0.0049) sort numerically, anything else as text; a second
// click reverses. Rows are moved, never rebuilt, so no cell content is ever re-parsed as HTML.
(function () {
  function key(cell) {
    var text = (cell.textContent || "").trim();
    var number = parseFloat(text.replace(/^\+/, ""));
    return isNaN(number) ? { n: false, v: text.toLowerCase() } : { n: true, v: number };
  }
  function compare(a, b) {
    if (a.n && b.n) return a.v - b.v;
    if (a.n !== b.n) return a.n ? -1 : 1;
    return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  }
  function enable(table) {
    if (table.dataset.sortable === "on") return;
    table.dataset.sortable = "on";
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, column) {
      th.setAttribute("role", "button");
      th.setAttribute("tabindex", "0");
      th.setAttribute("aria-sort", "none");
      function sort() {
        var body = table.tBodies[0];
        if (!body) return;
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var c = compare(key(r1.cells[column]), key(r2.cells[column]));
          return ascending ? c : -c;
        });
        headers.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  }
  function all() { document.querySelectorAll(".loop-sortable table").forEach(enable); }
  if (typeof document$ !== "undefined") { document$.subscribe(all); } else { document.addEventListener("DOMContentLoaded", all); }
})();
