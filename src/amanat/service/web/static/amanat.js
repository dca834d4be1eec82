// Small enhancements; every page works without them.
(function () {
  "use strict";

  // A form is sent once: the button is disabled on submit (the server also refuses
  // a second submission of the same form token).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") return;
    // A download leaves the page where it is, its form still to be sent.
    if (event.submitter && event.submitter.hasAttribute("data-download")) return;
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
    summarise(document.getElementById("form-errors"));
    scrollers();
  });
  window.addEventListener("resize", scrollers);
  document.addEventListener("htmx:afterSettle", scrollers);

  // A table wider than the screen scrolls inside its wrapper; the wrapper then takes
  // the keyboard's focus (arrow keys scroll it) and is named after its table.
  function scrollers() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        var table = wrap.querySelector("table");
        var caption = table && table.querySelector("caption");
        var section = wrap.closest("section, fieldset");
        var heading = caption || (section && section.querySelector("h2, h3, legend"));
        wrap.tabIndex = 0;
        if (heading) {
          wrap.setAttribute("role", "region");
          wrap.setAttribute("aria-label", heading.textContent.trim());
        }
      } else if (wrap.hasAttribute("tabindex")) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }

  // The label a field is known by: its <label>, the label around it, or the legend
  // of its group of boxes; without the "(required)" note.
  function labelOf(field) {
    var label = document.querySelector("label[for='" + field.id + "']") || field.closest("label");
    if (!label) {
      var group = field.closest("fieldset");
      label = group && group.querySelector("legend");
    }
    if (!label) return "";
    var copy = label.cloneNode(true);
    copy.querySelectorAll(".muted, input, select, textarea").forEach(function (el) { el.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  // A form that came back with errors: the summary names each field before its error,
  // takes the focus, and each link moves the focus to its field.
  function summarise(summary) {
    if (!summary) return;
    summary.querySelectorAll("a[data-field]").forEach(function (link) {
      var field = document.getElementById(link.getAttribute("data-field"));
      if (!field) return;
      var name = labelOf(field);
      if (name) link.textContent = name + ": " + link.textContent;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var label = document.querySelector("label[for='" + field.id + "']");
        (label || field).scrollIntoView({ block: "start" });
        field.focus({ preventScroll: true });
      });
    });
    summary.focus();
  }
})();
