// "Was this article helpful?" without a page reload. Without this script the forms post
// and the article page reloads at the panel; with it, the server's new panel replaces
// the old one in place, focus stays where the reader was, and the thanks is announced.
(() => {
  const panel = document.getElementById("feedback");
  if (!panel) {
    return;
  }
  // Created before anything is said in it, so that screen readers notice what changes.
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  panel.after(status);

  const announce = (text) => {
    status.textContent = "";
    // A short pause lets the same thanks be announced again after a second answer.
    window.setTimeout(() => {
      status.textContent = text;
    }, 100);
  };

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    const current = form.closest("#feedback");
    if (!current) {
      return;
    }
    event.preventDefault();
    const body = new FormData(form, event.submitter);
    const buttons = current.querySelectorAll("button");
    buttons.forEach((button) => {
      button.disabled = true;
    });
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body,
        headers: { "X-Requested-With": "fetch" },
        credentials: "same-origin",
      });
    } catch {
      response = null;
    }
    const html = response ? await response.text() : "";
    const fresh = new DOMParser().parseFromString(html, "text/html").getElementById("feedback");
    if (!fresh) {
      // Let the server answer as it would without JavaScript.
      if (event.submitter?.name) {
        const answer = document.createElement("input");
        answer.type = "hidden";
        answer.name = event.submitter.name;
        answer.value = event.submitter.value;
        form.append(answer);
      }
      form.submit();
      return;
    }
    current.replaceWith(fresh);
    const target = fresh.querySelector("[data-feedback-focus]");
    if (target) {
      target.focus();
    }
    const message = fresh.querySelector("[data-feedback-announce]");
    if (message && message !== target) {
      announce(message.textContent);
    }
  });
})();
