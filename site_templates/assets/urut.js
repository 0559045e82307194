// lkjip site behaviour (file name kept for compatibility), no library needed:
// 1. sortable comparison tables (each column header becomes a button);
// 2. an accessible name for Material's search dialog (it has role="dialog" but no label).
(function () {
  function labelSearch() {
    var dialog = document.querySelector(".md-search[role='dialog']");
    if (dialog && !dialog.hasAttribute("aria-label")) { dialog.setAttribute("aria-label", "Pencarian"); }
  }
  function value(cell) {
    var raw = cell.getAttribute("data-urut");
    var text = raw !== null ? raw : cell.textContent.trim();
    var number = Number(text);
    return isNaN(number) || text === "" ? text.toLowerCase() : number;
  }
  function sort(table, column, button) {
    var body = table.tBodies[0];
    var ascending = button.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a.cells[column]), y = value(b.cells[column]);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("th").forEach(function (th) { th.removeAttribute("aria-sort"); });
    button.parentNode.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    button.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  function setup() {
    labelSearch();
    document.querySelectorAll("table.lkjip-urut").forEach(function (table) {
      if (table.dataset.siap) { return; }
      table.dataset.siap = "1";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "lkjip-urut-tombol";
        button.textContent = th.textContent;
        button.title = "Urutkan menurut " + th.textContent;
        th.textContent = "";
        th.appendChild(button);
        button.addEventListener("click", function () { sort(table, column, button); });
      });
    });
  }
  if (typeof document$ !== "undefined") { document$.subscribe(setup); } else { document.addEventListener("DOMContentLoaded", setup); }
})();
