// Long texts (every <textarea maxlength>): the characters left are shown under the field and told to screen
// readers (aria-live polite, once typing pauses), instead of the browser cutting the text silently at the limit.
// The server still checks the length (each form's max_length) with its own French message.
(function () {
  "use strict";
  const grouped = (n) => n.toLocaleString("fr-FR");
  const sentence = (left, max) =>
    left < 0
      ? `${grouped(-left)} caractère${-left > 1 ? "s" : ""} de trop (${grouped(max)} au plus)`
      : `Il reste ${grouped(left)} caractère${left > 1 ? "s" : ""} sur ${grouped(max)}`;
  for (const field of document.querySelectorAll("textarea[maxlength]")) {
    const max = Number(field.getAttribute("maxlength"));
    if (!max || !field.id) continue;
    const counter = document.createElement("div");
    counter.id = `${field.id}_count`;
    counter.className = "form-text char-count";
    counter.setAttribute("aria-live", "polite");
    const described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", described ? `${described} ${counter.id}` : counter.id);
    field.insertAdjacentElement("afterend", counter);
    let timer = null;
    const update = () => {
      counter.textContent = sentence(max - field.value.length, max);
    };
    update();
    field.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(update, 300);
    });
  }
})();
