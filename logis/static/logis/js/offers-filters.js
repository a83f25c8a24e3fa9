// Mes offres: on a phone the results come first, the filters fold (still one tap away).
// Without JavaScript they stay open.
(function () {
  var filters = document.getElementById("offer-filters");
  if (filters && window.matchMedia("(max-width: 991.98px)").matches) {
    filters.removeAttribute("open");
  }
})();
