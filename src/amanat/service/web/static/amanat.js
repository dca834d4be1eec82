// Small enhancements; every page works without them.
(function () {
  "use strict";

  // A form is sent once: the button is disabled on submit (the server also refuses
  // a second submission of the same form token).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") return;
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (b) {
        b.disabled = true;
      });
    }, 0);
  });

  // Fieldsets that apply to some choices only (e.g. a sentence, to the stage
  // "sentenced") are shown when they apply.
  function toggle(select) {
    var value = select.value;
    document.querySelectorAll("[data-shown-for='" + select.name + "']").forEach(function (el) {
      var wanted = (el.getAttribute("data-values") || "").split(" ");
      el.hidden = wanted.indexOf(value) < 0;
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target instanceof HTMLSelectElement) toggle(event.target);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select").forEach(toggle);
  });
})();
