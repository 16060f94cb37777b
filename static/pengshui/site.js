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
