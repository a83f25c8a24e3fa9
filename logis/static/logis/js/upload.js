// Document upload: the error summary gets the focus; while a file is sent, the button is disabled (one click,
// one upload) and a message says how long it may take.
(function () {
  var form = document.getElementById("upload-form");
  var errors = document.getElementById("upload-errors");
  if (errors) { errors.focus(); }
  if (!form) { return; }
  form.addEventListener("submit", function () {
    var button = document.getElementById("upload-submit");
    var input = form.querySelector("input[type=file]");
    var total = 0;
    if (input && input.files) {
      for (var i = 0; i < input.files.length; i++) { total += input.files[i].size; }
    }
    var message = "Envoi en cours, veuillez patienter…";
    if (total > 2 * 1024 * 1024) {
      message = "Envoi en cours de " + Math.round(total / (1024 * 1024)) + " Mo : cela peut prendre une minute, ne fermez pas la page.";
    }
    document.getElementById("upload-progress").textContent = message;
    button.disabled = true;
    button.setAttribute("aria-disabled", "true");
  });
})();
