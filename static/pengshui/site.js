// Behaviour shared by every page, without inline script (the Content-Security-Policy forbids
// it): a button marked data-print prints the page.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-print]");
    if (button) window.print();
  });
})();
