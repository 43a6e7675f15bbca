// Admin change form: the quality check of each language, run again on the server (by
// textstat) a moment after the editor stops typing. No reload, no inline script.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  const panel = document.querySelector(".quality");
  if (!panel) {
    return;
  }
  const form = panel.closest("form");
  const reports = panel.querySelector(".quality__reports");
  const status = panel.querySelector(".quality__status");
  const watched = /^(summary|body|meta_description)_[a-z]+$/;
  let timer = null;
  let controller = null;

  async function run() {
    const data = new FormData();
    data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    data.append("object_id", panel.dataset.objectId);
    for (const element of form.elements) {
      if (watched.test(element.name)) {
        data.append(element.name, element.value);
      }
    }
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    try {
      const response = await fetch(panel.dataset.url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        signal: controller.signal,
      });
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      // Rendered and escaped on the server by the admin's own template.
      reports.innerHTML = (await response.json()).html;
      status.textContent = "";
    } catch (error) {
      if (error.name !== "AbortError") {
        status.textContent = panel.dataset.failed;
      }
    }
  }

  form.addEventListener("input", function (event) {
    if (watched.test(event.target.name || "")) {
      clearTimeout(timer);
      timer = setTimeout(run, 400);
    }
  });
});
