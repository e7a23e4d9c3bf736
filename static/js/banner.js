// The breaking banner: asked for after the page (it is cached whole, one HTML for
// everyone), shown fixed at the bottom of the window so nothing under the reader moves.
(function () {
  "use strict";
  var slot = document.getElementById("breaking-banner");
  if (!slot || !window.fetch) return;
  var CHECK_EVERY = 60000;
  var hideTimer = null;

  function dismissed(id) {
    try { return sessionStorage.getItem("shpalta-banner-hidden") === String(id); } catch (e) { return false; }
  }

  function show(banner) {
    clearTimeout(hideTimer);
    slot.textContent = "";
    var left = banner ? Date.parse(banner.expires_at) - Date.now() : 0;
    if (!banner || !(left > 0) || dismissed(banner.id)) { slot.hidden = true; return; }
    var label = document.createElement("strong");
    label.className = "breaking-label";
    label.textContent = slot.dataset.label;
    var link = document.createElement("a");
    link.href = banner.url;
    link.textContent = banner.text;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "breaking-close";
    close.textContent = "×";
    close.setAttribute("aria-label", slot.dataset.close);
    close.addEventListener("click", function () {
      try { sessionStorage.setItem("shpalta-banner-hidden", String(banner.id)); } catch (e) { /* private mode */ }
      slot.hidden = true;
    });
    slot.append(label, " ", link, close);
    slot.setAttribute("role", "status");
    slot.hidden = false;
    hideTimer = setTimeout(function () { slot.hidden = true; }, Math.min(left, 2147483647));
  }

  function check() {
    fetch(slot.dataset.url, { credentials: "omit" })
      .then(function (response) { return response.ok ? response.json() : { banner: null }; })
      .then(function (data) { show(data.banner); })
      .catch(function () { /* offline: keep what is shown */ });
  }

  check();
  setInterval(function () { if (!document.hidden) check(); }, CHECK_EVERY);
})();
