// Admin change form: the English and Spanish Markdown rendered side by side, as readers
// will see it, from what is typed now. The server renders it with the site's sanitiser.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  const panel = document.querySelector(".markdown-preview");
  if (!panel) {
    return;
  }
  const form = panel.closest("form");
  const button = panel.querySelector(".markdown-preview__button");
  const status = panel.querySelector(".markdown-preview__status");
  const panes = panel.querySelectorAll(".markdown-preview__pane");

  async function show() {
    const data = new FormData();
    data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    data.append("object_id", panel.dataset.objectId);
    for (const pane of panes) {
      const name = panel.dataset.field + "_" + pane.dataset.language;
      // A field the editor may not change is not in the form: the server uses the saved text.
      if (form.elements[name]) {
        data.append(name, form.elements[name].value);
      }
    }
    button.disabled = true;
    status.textContent = "";
    try {
      const response = await fetch(panel.dataset.url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
      });
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      const html = await response.json();
      for (const pane of panes) {
        // Sanitised on the server by articles/rendering.py, like the public pages.
        pane.querySelector(".markdown-preview__body").innerHTML = html[pane.dataset.language];
      }
      panel.classList.add("markdown-preview--shown");
      button.textContent = panel.dataset.refresh;
    } catch (error) {
      status.textContent = panel.dataset.failed;
    } finally {
      button.disabled = false;
    }
  }

  button.hidden = false;
  button.addEventListener("click", show);
});
