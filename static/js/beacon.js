// Counts one view of the story after the page loaded: a POST the edge never caches,
// carrying no cookie, no identifier and nothing about the reader.
(function () {
  "use strict";
  var mark = document.querySelector("[data-view-url]");
  if (!mark) return;
  var url = mark.getAttribute("data-view-url");
  function send() {
    if (navigator.sendBeacon && navigator.sendBeacon(url, "")) return;
    fetch(url, { method: "POST", credentials: "omit", keepalive: true, cache: "no-store" }).catch(function () {});
  }
  if (document.visibilityState === "prerender") {
    document.addEventListener("visibilitychange", function once() {
      document.removeEventListener("visibilitychange", once);
      send();
    });
  } else {
    send();
  }
})();
