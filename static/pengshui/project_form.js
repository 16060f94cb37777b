// The application form's behaviour: reasons shown only when the status asks for them,
// subtotals and total added up in fen (integers, never floats), villages of the chosen township.
// Which statuses show reasons and which fields each total adds up come from the server
// (ProjectForm.page_rules, in the "form-rules" JSON), the tables it checks the form with.
(function () {
  "use strict";
  var form = document.getElementById("project-form");
  var rulesTag = document.getElementById("form-rules");
  if (!form || !rulesTag) return;
  var RULES = JSON.parse(rulesTag.textContent);

  // ---- reasons blocks ------------------------------------------------------------
  function checkedValue(name) {
    var el = form.querySelector('input[name="' + name + '"]:checked');
    return el ? el.value : "";
  }
  function toggle(blockId, show) {
    var block = document.getElementById(blockId);
    if (!block) return;
    block.classList.toggle("d-none", !show);
    // hidden reasons are not sent, so a status change never leaves stale reasons behind
    block.querySelectorAll("input").forEach(function (input) { input.disabled = !show; });
  }
  function syncReasons() {
    toggle("production-reasons-block", RULES.production_reasons_for.indexOf(checkedValue("production_status")) >= 0);
    toggle("linkage-reasons-block", RULES.linkage_reasons_for.indexOf(checkedValue("linkage")) >= 0);
  }
  form.querySelectorAll('input[name="production_status"], input[name="linkage"]').forEach(function (input) {
    input.addEventListener("change", syncReasons);
  });
  syncReasons();

  // ---- money in fen ----------------------------------------------------------------
  var TOTALS = RULES.totals;  // {total field: [the money fields it adds up]}
  // "1,234.5", "１２３４．５" -> 123450; "" -> 0; anything else -> null (as ledger.forms.MoneyField)
  function toFen(text) {
    var s = String(text).replace(/[０-９．]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xFEE0);
    }).replace(/[,\s，]/g, "").replace(/元$/, "");
    if (s === "") return 0;
    var m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(s);
    if (!m) return null;
    var cents = (m[2] || "").padEnd(2, "0");
    return parseInt(m[1], 10) * 100 + parseInt(cents, 10);
  }
  function fromFen(fen) {
    var yuan = Math.floor(fen / 100), cents = fen % 100;
    return yuan + "." + (cents < 10 ? "0" : "") + cents;
  }
  function field(name) { return form.elements.namedItem(name); }
  function syncTotals() {
    Object.keys(TOTALS).forEach(function (total) {
      var sum = 0, bad = false;
      TOTALS[total].forEach(function (name) {
        var input = field(name);
        var fen = input ? toFen(input.value) : 0;
        if (fen === null) { bad = true; } else { sum += fen; }
      });
      var out = field(total);
      if (out) out.value = bad ? "" : fromFen(sum);
    });
  }
  Object.keys(TOTALS).forEach(function (total) {
    TOTALS[total].forEach(function (name) {
      var input = field(name);
      if (input) input.addEventListener("input", syncTotals);
    });
  });
  syncTotals();
  // a page shown again by the browser's Back keeps the figures typed: add them up again
  window.addEventListener("pageshow", syncTotals);

  // ---- villages of the chosen township ------------------------------------------
  var dataTag = document.getElementById("villages-data");
  var township = field("township"), village = field("village");
  if (dataTag && township && village) {
    var villages = JSON.parse(dataTag.textContent);
    var emptyLabel = village.options.length ? village.options[0].text : "---------";
    var syncVillages = function () {
      var keep = village.value;
      var list = villages[township.value] || [];
      while (village.options.length) village.remove(0);
      village.add(new Option(emptyLabel, ""));
      list.forEach(function (v) {
        village.add(new Option(v[1], String(v[0]), false, String(v[0]) === keep));
      });
    };
    township.addEventListener("change", syncVillages);
    syncVillages();
  }
})();
