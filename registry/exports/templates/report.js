// Filter and sort the datasets table in place; the page loads nothing and sends nothing.
(function () {
  "use strict";
  var table = document.getElementById("datasets-table");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var text = null;  // each row's words, read at the first filtering (not while the page opens)
  var filter = document.getElementById("filter");
  var status = document.getElementById("status");
  var commercial = document.getElementById("commercial");
  var shown = document.getElementById("shown");

  function apply() {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    text = text || rows.map(function (row) { return row.textContent.toLowerCase(); });
    var count = 0;
    rows.forEach(function (row, i) {
      // columns 3 and 4 hold the status and the commercial-use answer as plain words
      var ok = (!status.value || row.cells[3].textContent === status.value) &&
               (!commercial.value || row.cells[4].textContent === commercial.value) &&
               words.every(function (w) { return text[i].indexOf(w) >= 0; });
      row.hidden = !ok;
      if (ok) { count += 1; }
    });
    shown.textContent = count + " of " + rows.length + " shown";
  }

  function sortBy(th) {
    var column = th.cellIndex;
    var numeric = th.dataset.type === "num";
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var keyed = rows.map(function (row, i) {
      var value = row.cells[column].textContent.trim();
      return { row: row, i: i, key: numeric ? parseFloat(value) || 0 : value.toLowerCase() };
    });
    keyed.sort(function (a, b) {
      var order = a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i;
      return ascending ? order : -order;
    });
    var fragment = document.createDocumentFragment();
    keyed.forEach(function (k) { fragment.appendChild(k.row); });
    body.appendChild(fragment);
  }

  [filter, status, commercial].forEach(function (control) {
    control.addEventListener("input", apply);
    control.addEventListener("change", apply);
  });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    th.tabIndex = 0;
    th.addEventListener("click", function () { sortBy(th); });
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sortBy(th); } });
  });
  // on paper everything shows: every row, every collapsed list
  window.addEventListener("beforeprint", function () {
    rows.forEach(function (r) { r.hidden = false; });
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", apply);
}());
