// A page that shows an error summary moves the focus to it, so that a screen reader reads it first.
(function () {
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) {
    summary.focus();
  }
})();
