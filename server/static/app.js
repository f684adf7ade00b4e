// The portal's one script: drag and drop onto the upload box, the check shown at once,
// and the supervisor's list refreshed. Pages work without it (plain forms).
"use strict";
(function () {
  const form = document.getElementById("upload");
  if (form) {
    const input = form.querySelector("input[type=file]");
    const progress = form.querySelector(".progress");
    ["dragenter", "dragover"].forEach(function (name) {
      form.addEventListener(name, function (event) { event.preventDefault(); form.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      form.addEventListener(name, function (event) { event.preventDefault(); form.classList.remove("over"); });
    });
    form.addEventListener("drop", function (event) {
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        send();
      }
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); send(); });
    function send() {
      if (!input.files.length) { return; }
      const body = new FormData();
      body.append("file", input.files[0]);
      progress.hidden = false;
      fetch(form.dataset.api, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (reply) { return reply.json().then(function (data) { return [reply.ok, data]; }); })
        .then(function (result) {
          const ok = result[0], data = result[1];
          const text = ok ? "已收到报表（第 " + data.version + " 版），检查结果见下方" : (data.error || "上传失败");
          window.location.assign(window.location.pathname + "?msg=" + encodeURIComponent(text) + "#result");
        })
        .catch(function () { progress.hidden = true; form.submit(); });
    }
  }
  const table = document.querySelector("[data-refresh]");
  if (table) {
    const seconds = parseInt(table.dataset.refresh, 10) || 15;
    window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
  }
})();
