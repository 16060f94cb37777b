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
