// Small enhancements; every page works without this file.
(function () {
  "use strict";
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
