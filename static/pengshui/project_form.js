// The application form's behaviour: reasons shown only when the status asks for them,
// subtotals and total added up in fen (integers, never floats), villages of the chosen township.
(function () {
  "use strict";
  var form = document.getElementById("project-form");
  if (!form) return;

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
    toggle("production-reasons-block", ["difficulty", "halted", "terminated"].indexOf(checkedValue("production_status")) >= 0);
    toggle("linkage-reasons-block", checkedValue("linkage") === "insufficient");
  }
  form.querySelectorAll('input[name="production_status"], input[name="linkage"]').forEach(function (input) {
    input.addEventListener("change", syncReasons);
  });
  syncReasons();

  // ---- money in fen ----------------------------------------------------------------
  var TOTALS = {
    fund1_total: ["fund1_central", "fund1_municipal", "fund1_county"],
    fund2_total: ["fund2_central", "fund2_municipal", "fund2_county"],
    fund3_total: ["fund3_central", "fund3_municipal", "fund3_county"],
    investment_total: ["fund1_central", "fund1_municipal", "fund1_county", "fund2_central", "fund2_municipal",
      "fund2_county", "fund3_central", "fund3_municipal", "fund3_county", "fund4_social"]
  };
  // "1,234.5" -> 123450; "" -> 0; anything else -> null
  function toFen(text) {
    var s = String(text).replace(/[,\s，]/g, "");
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
