// The session viewer of the intake file panel: step through Z, T and channels on
// downsampled planes rendered (and cached) by the server.
(function () {
  "use strict";

  // The session viewer: step through Z, T and channels on downsampled planes.
  function setUpViewer(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    const image = root.querySelector("[data-role=plane]");
    const controls = root.querySelectorAll("[data-axis]");
    let timer = null;
    function show() {
      const params = new URLSearchParams();
      controls.forEach(function (control) {
        params.set(control.dataset.axis, control.value);
        const out = control.parentElement.querySelector("output");
        if (out) out.textContent = Number(control.value) + 1;
      });
      if (!params.has("c")) params.set("c", "all");
      clearTimeout(timer);
      timer = setTimeout(function () {
        image.src = root.dataset.planeUrl + "?" + params.toString();
      }, 120);
    }
    controls.forEach(function (control) {
      control.addEventListener("input", show);
      control.addEventListener("change", show);
    });
    root.addEventListener("toggle", function () {
      if (root.open && controls.length) show();
    });
  }

  function startViewers(scope) {
    (scope || document).querySelectorAll("[data-intake-viewer]").forEach(setUpViewer);
  }

  function ready() {
    startViewers();
    document.body.addEventListener("htmx:afterSettle", function (event) {
      startViewers(event.target);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
