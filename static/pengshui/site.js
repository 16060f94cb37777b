// Behaviour shared by every page, without inline script (the Content-Security-Policy forbids
// it): a button marked data-print prints the page; a form marked data-confirm="…" (or a
// submit button so marked) asks before it is sent, saying what will happen (irreversible
// steps: 报送, 登记审定结果, 异议处理, 结束公示, 周调度报送); data-all-agree sets every row of
// the county's batch still at 暂不审定 to 同意.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-print]");
    if (button) window.print();
    var all = event.target.closest("[data-all-agree]");
    if (all && all.form) {
      event.preventDefault();
      all.form.querySelectorAll("select[data-outcome]").forEach(function (select) {
        if (select.value === "skip") select.value = "approve";
      });
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var message = submitter && submitter.hasAttribute("data-confirm")
      ? submitter.getAttribute("data-confirm")
      : (submitter && submitter.hasAttribute("data-no-confirm") ? null : form.getAttribute("data-confirm"));
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();
// On a phone a table marked .table-cards shows each row as a card (site.css): every cell is
// labelled with its column's header unless it names its own data-label.
(function () {
  "use strict";
  document.querySelectorAll("table.table-cards").forEach(function (table) {
    var heads = [];
    table.querySelectorAll(":scope > thead > tr:first-child > th").forEach(function (th) {
      for (var i = 0; i < (th.colSpan || 1); i++) heads.push(th.textContent.trim());
    });
    table.querySelectorAll(":scope > tbody > tr").forEach(function (tr) {
      var column = 0;
      Array.prototype.forEach.call(tr.cells, function (cell) {
        if (cell.tagName === "TD" && !cell.hasAttribute("data-label") && heads[column] && cell.colSpan === 1) {
          cell.setAttribute("data-label", heads[column]);
        }
        column += cell.colSpan || 1;
      });
    });
  });
})();
// The project list's filter offers the villages and units of the chosen township only
// (D127): when the township changes, its choices are fetched (ledger/views/projects.py:
// project_filter_places). Without script, pressing 查询 reloads the page with them.
(function () {
  "use strict";
  var form = document.getElementById("filter-form");
  if (!form || !form.hasAttribute("data-places-url")) return;
  var township = form.querySelector("select[name=township]");
  if (!township) return;
  function refill(select, rows) {
    if (!select) return;
    var kept = select.value;
    var first = select.options.length ? select.options[0].cloneNode(true) : null;  // 全部
    select.innerHTML = "";
    if (first) select.appendChild(first);
    rows.forEach(function (row) {
      var option = document.createElement("option");
      option.value = String(row[0]);
      option.textContent = row[1];
      select.appendChild(option);
    });
    select.value = rows.some(function (row) { return String(row[0]) === kept; }) ? kept : "";
  }
  township.addEventListener("change", function () {
    var url = form.getAttribute("data-places-url") + "?township=" + encodeURIComponent(township.value);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        refill(form.querySelector("select[name=village]"), data.villages);
        refill(form.querySelector("select[name=managing_unit]"), data.units);
      });
  });
})();
