// Resumable uploads (tus) for the intake file panel, with Uppy's core and tus plugin
// (bundled from the npm registry into vendor/uppy-tus.min.js, see scripts/assets.sh).
// Without that bundle, or without JavaScript, the same form posts the files as a plain
// multipart upload. Progress per file and overall, pause and resume, automatic retries
// after a network cut; after a page reload, choosing the same file again resumes it
// (tus fingerprint in localStorage, offset asked from the server).
(function () {
  "use strict";

  function human(bytes) {
    const units = ["B", "KB", "MB", "GB", "TB"];
    let i = 0;
    while (bytes >= 1024 && i < units.length - 1) { bytes /= 1024; i += 1; }
    return (i === 0 ? bytes : bytes.toFixed(1)) + " " + units[i];
  }

  function csrfToken(form) {
    const input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function serverMessage(error, response) {
    const xhr = response && response.body && response.body.xhr;
    if (xhr && xhr.responseText) return xhr.responseText;
    const match = /response text: (.*?)(, request id|\)$)/.exec((error && error.message) || "");
    return match ? match[1] : (error && error.message) || "";
  }

  function setUp(form) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    const { Uppy, Tus } = window.BiafedUppy;
    const strings = form.querySelector("[data-role=strings]").dataset;
    const input = form.querySelector("input[type=file]");
    const queue = form.querySelector("[data-role=queue]");
    const overall = form.querySelector("[data-role=overall]");
    const overallBar = overall.querySelector("progress");
    const overallText = overall.querySelector("[data-role=overall-text]");
    const pause = form.querySelector("[data-role=pause]");
    const resume = form.querySelector("[data-role=resume]");
    const rows = new Map();

    const uppy = new Uppy({
      autoProceed: false,
      allowMultipleUploadBatches: true,
      restrictions: { maxFileSize: Number(form.dataset.maxFile) || null },
      meta: { target: form.dataset.target },
    });
    uppy.use(Tus, {
      endpoint: form.dataset.endpoint,
      chunkSize: Number(form.dataset.chunk) || 50 * 1024 * 1024,
      headers: { "X-CSRFToken": csrfToken(form) },
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000, 60000, 60000],
      removeFingerprintOnSuccess: true,
      allowedMetaFields: ["target", "name", "type"],
      limit: 2,
    });

    function row(file) {
      let item = rows.get(file.id);
      if (!item) {
        item = document.createElement("li");
        item.dataset.testid = "upload-row";
        item.innerHTML =
          '<span class="name"></span> <progress max="100" value="0"></progress> ' +
          '<span class="state" data-testid="upload-state"></span> ' +
          '<button type="button" class="link" data-role="cancel"></button>';
        item.querySelector(".name").textContent = file.name;
        const cancel = item.querySelector("[data-role=cancel]");
        cancel.textContent = strings.cancel;
        cancel.addEventListener("click", function () {
          uppy.removeFile(file.id);
          item.remove();
          rows.delete(file.id);
        });
        queue.appendChild(item);
        rows.set(file.id, item);
      }
      return item;
    }

    function state(file, text, kind) {
      const item = row(file);
      const span = item.querySelector(".state");
      span.textContent = text;
      item.className = kind ? "upload-" + kind : "";
    }

    function refreshList() {
      const list = document.querySelector(form.dataset.list);
      if (list && window.htmx) {
        window.htmx.ajax("GET", form.dataset.listUrl, { target: list, swap: "outerHTML" });
      }
    }

    uppy.on("upload-progress", function (file, progress) {
      const item = row(file);
      const total = progress.bytesTotal || file.size || 1;
      item.querySelector("progress").value = Math.floor((100 * progress.bytesUploaded) / total);
      state(file, human(progress.bytesUploaded) + " " + strings.of + " " + human(total));
    });
    uppy.on("progress", function (percent) {
      overall.hidden = false;
      overallBar.value = percent;
      overallText.textContent = percent + "%";
    });
    uppy.on("upload-success", function (file) {
      row(file).querySelector("progress").value = 100;
      state(file, strings.done, "done");
    });
    uppy.on("upload-error", function (file, error, response) {
      state(file, strings.failed + ": " + serverMessage(error, response), "failed");
    });
    uppy.on("restriction-failed", function (file, error) {
      if (file) state(file, error.message, "failed");
    });
    uppy.on("is-offline", function () {
      uppy.getFiles().forEach(function (file) {
        if (!file.progress.uploadComplete) state(file, strings.offline, "offline");
      });
    });
    uppy.on("complete", function (result) {
      pause.hidden = true;
      resume.hidden = true;
      if (result.failed && result.failed.length) {
        refreshList();
      } else if (result.successful && result.successful.length) {
        window.location.reload(); // the booking's own status may have changed
      }
    });

    pause.addEventListener("click", function () {
      uppy.pauseAll();
      pause.hidden = true;
      resume.hidden = false;
      uppy.getFiles().forEach(function (file) {
        if (!file.progress.uploadComplete) state(file, strings.paused, "paused");
      });
    });
    resume.addEventListener("click", function () {
      uppy.resumeAll();
      resume.hidden = true;
      pause.hidden = false;
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      const chosen = Array.from(input.files || []);
      if (!chosen.length) return;
      chosen.forEach(function (data) {
        try {
          const id = uppy.addFile({ name: data.name, type: data.type, data: data, source: "local" });
          state(uppy.getFile(id), strings.waiting);
        } catch (error) {
          // refused by a restriction (already shown) or already in the queue
        }
      });
      input.value = "";
      pause.hidden = false;
      uppy.upload();
    });
  }

  function start() {
    if (!window.BiafedUppy) return; // no bundle: the form stays a plain upload form
    document.querySelectorAll("form[data-intake-uploader]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
