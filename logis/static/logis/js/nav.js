// The menu's disclosures (<details class="nav-more">) work without this script; it closes an open one on Escape
// (the focus goes back to its summary) or on a click outside it, as a menu does.
(function () {
  "use strict";
  const menus = () => document.querySelectorAll(".nav-more > details[open]");
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const details of menus()) {
      if (details.contains(document.activeElement)) details.querySelector("summary").focus();
      details.open = false;
    }
  });
  document.addEventListener("click", (event) => {
    for (const details of menus()) {
      if (!details.contains(event.target)) details.open = false;
    }
  });
})();
