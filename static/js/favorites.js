// "Save as Favorite" without a page reload. Without this script the form posts and the
// article page reloads showing the new state; with it, the button changes in place
// and a status message tells screen readers what happened.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  const widget = form.closest(".favorite");
  if (!widget) {
    return;
  }
  event.preventDefault();
  const action = form.elements.action.value;
  const button = form.querySelector("button");
  button.disabled = true;
  let response;
  try {
    // form.action would be the input named "action", not the form's address.
    response = await fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    });
  } catch {
    response = null;
  }
  if (!response || !response.ok) {
    form.submit(); // let the server answer as it would without JavaScript
    return;
  }
  const fresh = new DOMParser()
    .parseFromString(await response.text(), "text/html")
    .querySelector(".favorite form");
  form.replaceWith(fresh);
  fresh.querySelector("button").focus();
  widget.querySelector("[data-favorite-status]").textContent =
    action === "save" ? widget.dataset.savedMessage : widget.dataset.removedMessage;
});
