// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";
  var top = document.querySelector(".back-to-top");
  if (top) {
    var toggle = function () { top.hidden = window.scrollY < 400; };
    window.addEventListener("scroll", toggle, { passive: true });
    toggle();
    top.addEventListener("click", function (event) {
      event.preventDefault();
      window.scrollTo({ top: 0, behavior: "smooth" });
    });
  }
})();
