// Header login state: pages are the same for everyone (and cached), so who is signed in
// comes from a small private endpoint after the page loads. Without JavaScript the
// header keeps its plain link to the account page.
(function () {
  "use strict";

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  function render(nav, state) {
    var here = window.location.pathname + window.location.search;
    var items = [];
    if (state.authenticated) {
      var name = link(state.urls.profile, state.name);
      name.className = "account-name";
      items.push(name);
      var form = document.createElement("form");
      form.method = "post";
      form.action = state.urls.logout;
      form.className = "logout-form";
      var token = document.createElement("input");
      token.type = "hidden";
      token.name = "csrfmiddlewaretoken";
      token.value = state.csrf_token;
      var next = document.createElement("input");
      next.type = "hidden";
      next.name = "next";
      next.value = here;
      var button = document.createElement("button");
      button.type = "submit";
      button.textContent = state.labels.logout;
      form.append(token, next, button);
      items.push(form);
    } else {
      var query = "?next=" + encodeURIComponent(here);
      items.push(link(state.urls.login + query, state.labels.login));
      items.push(link(state.urls.signup + query, state.labels.signup));
    }
    nav.replaceChildren.apply(nav, items);
    nav.dataset.state = state.authenticated ? "signed-in" : "guest";
  }

  function start() {
    var nav = document.getElementById("account-nav");
    if (!nav || !window.fetch) return;
    fetch(nav.dataset.stateUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) { if (state) render(nav, state); })
      .catch(function () { /* keep the plain link */ });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
