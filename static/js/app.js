// Small enhancements; every page works without this file.
(function () {
  "use strict";
  // A text with a limit: its counter follows the typing (the server refuses a text over the limit with a message,
  // and nothing is ever cut). Listening on the document also serves forms htmx brings in later. The wordings come
  // translated from the page.
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.getAttribute || !input.getAttribute("data-counter")) { return; }
    var counter = document.getElementById(input.getAttribute("data-counter"));
    var max = parseInt(input.getAttribute("data-max"), 10);
    if (!counter || !max) { return; }
    var format = window.Intl ? new Intl.NumberFormat(document.documentElement.lang) : { format: String };
    var count = input.value.length, over = count - max;
    counter.textContent = (over > 0 ? counter.getAttribute("data-over") : counter.getAttribute("data-fits"))
      .replace("{count}", format.format(count)).replace("{over}", format.format(over));
    counter.classList.toggle("over", over > 0);
  });
  document.addEventListener("DOMContentLoaded", function () {
    // Browsers without ::details-content keep the header's menu closed on wide screens too: open it there.
    var menu = document.querySelector(".site-menu");
    if (menu && window.matchMedia && !(window.CSS && CSS.supports("selector(::details-content)"))) {
      var wide = window.matchMedia("(min-width: 60em)");
      var sync = function () { menu.open = wide.matches; };
      sync();
      if (wide.addEventListener) { wide.addEventListener("change", sync); }
    }
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
