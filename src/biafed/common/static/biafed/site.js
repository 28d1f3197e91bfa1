// Behaviour every page shares, kept out of the HTML so that the Content-Security-Policy
// can forbid inline scripts, event-handler attributes and style attributes.
(function () {
  "use strict";

  // <select data-submit-on-change>: the language switch submits its form when changed.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("select[data-submit-on-change]") && field.form) {
      field.form.submit();
    }
  });

  // Term suggestions on the booking form: a click ticks the suggested term in its field.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.term-suggestion");
    if (!button) return;
    document.getElementsByName(button.dataset.field).forEach(function (input) {
      if (input.tagName === "SELECT") {
        input.value = button.dataset.value;
      } else if (input.value === button.dataset.value) {
        input.checked = true;
      }
    });
    button.setAttribute("aria-pressed", "true");
  });

  // Channel swatches of an image's facts take their colour from data-color (set through
  // the DOM, which the policy allows, rather than a style attribute, which it does not).
  function paint(root) {
    root.querySelectorAll("[data-color]").forEach(function (swatch) {
      swatch.style.borderColor = swatch.dataset.color;
    });
  }
  document.addEventListener("DOMContentLoaded", function () { paint(document); });
  document.addEventListener("htmx:load", function (event) { paint(event.target); });

  // <fieldset data-filterable>: a search box above its checkboxes hides the labels that do
  // not contain what is typed (names, facility, expertise). Without JavaScript: the plain list.
  function addFilters(root) {
    root.querySelectorAll("fieldset[data-filterable]").forEach(function (fieldset) {
      if (fieldset.querySelector("input.choice-filter")) return;
      var box = document.createElement("input");
      box.type = "search";
      box.className = "choice-filter";
      box.setAttribute("aria-label", fieldset.dataset.filterLabel || "Filter");
      box.placeholder = fieldset.dataset.filterLabel || "Filter";
      var legend = fieldset.querySelector("legend");
      fieldset.insertBefore(box, legend ? legend.nextSibling : fieldset.firstChild);
    });
  }
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("input.choice-filter")) return;
    var words = box.value.toLowerCase().trim();
    box.closest("fieldset").querySelectorAll("label").forEach(function (label) {
      label.hidden = words !== "" && label.textContent.toLowerCase().indexOf(words) === -1;
    });
  });
  document.addEventListener("DOMContentLoaded", function () { addFilters(document); });
  document.addEventListener("htmx:load", function (event) { addFilters(event.target); });
})();
