// Select-all for lists with a checkbox per row (the push list): a checkbox marked
// data-select-all="<name>" checks or clears every checkbox named <name> in the same form
// (by the form="…" attribute too), and follows them when rows are ticked one by one.
// Without script, the page's "全选" link reloads it with every row ticked (?all=1).
(function () {
  "use strict";
  function rows(master) {
    var name = master.getAttribute("data-select-all");
    var form = master.form;
    if (!form) return [];
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.type === "checkbox" && el.name === name && el !== master;
    });
  }
  function sync(master) {
    var boxes = rows(master);
    var ticked = boxes.filter(function (b) { return b.checked; }).length;
    master.checked = boxes.length > 0 && ticked === boxes.length;
    master.indeterminate = ticked > 0 && ticked < boxes.length;
  }
  document.querySelectorAll("[data-select-all]").forEach(function (master) {
    master.hidden = false;
    sync(master);
    master.addEventListener("change", function () {
      rows(master).forEach(function (b) { b.checked = master.checked; });
      master.indeterminate = false;
    });
    rows(master).forEach(function (b) {
      b.addEventListener("change", function () { sync(master); });
    });
  });
})();
