// Mes offres: on a phone the results come first, the filters and the explanations of the list fold (still one
// tap away), so that the first offer shows without scrolling. Without JavaScript they stay open.
(function () {
  "use strict";
  var phone = window.matchMedia("(max-width: 991.98px)");

  function fold(root) {
    if (!phone.matches) return;
    if (root === document) {
      var filters = document.getElementById("offer-filters");
      if (filters) filters.removeAttribute("open");
    }
    root.querySelectorAll("[data-fold-on-phone]").forEach(function (element) {
      element.removeAttribute("open");
    });
  }

  fold(document);
  // The filters replace the results with htmx: their explanations fold again.
  document.body.addEventListener("htmx:afterSettle", function (event) {
    fold(event.target);
  });
})();
