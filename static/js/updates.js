// Live updates without reloading, for live blogs (live.js) and open comment threads
// (comments.js). The page asks a small public endpoint «what came after N» every few
// seconds; the endpoint is cached and purged on every change, and the browser asks with
// If-None-Match, so an unchanged answer is an empty 304. New items are never put in
// under the reader's eyes: a button «N нових …» (fixed, so nothing moves) inserts them.
(function () {
  "use strict";

  // The three forms a count takes in Ukrainian (1, 2–4, 5+), as the catalogue's rule.
  function formIndex(n) {
    var last = n % 10, lastTwo = n % 100;
    if (last === 1 && lastTwo !== 11) return 0;
    if (last >= 2 && last <= 4 && (lastTwo < 12 || lastTwo > 14)) return 1;
    return 2;
  }

  function countLabel(forms, n) {
    return forms[formIndex(n)].replace("%(count)s", String(n));
  }

  // Ask ``url()`` every ``seconds`` while the tab is visible; ``onData`` gets the JSON.
  // ``stop()`` ends it (an ended live blog, a page left).
  function poll(url, seconds, onData) {
    var timer = null, stopped = false;
    function tick() {
      if (stopped) return;
      if (document.hidden) { timer = window.setTimeout(tick, seconds * 1000); return; }
      fetch(url(), { cache: "no-cache", credentials: "omit", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data && !stopped) onData(data); })
        .catch(function () { /* offline for a moment: the next tick asks again */ })
        .then(function () { if (!stopped) timer = window.setTimeout(tick, seconds * 1000); });
    }
    timer = window.setTimeout(tick, seconds * 1000);
    return {
      stop: function () { stopped = true; window.clearTimeout(timer); },
      now: function () { window.clearTimeout(timer); tick(); }
    };
  }

  // Put ``node`` in at the top of ``list`` and bring it into view: the reader asked for it.
  function reveal(node) {
    if (node && node.scrollIntoView) node.scrollIntoView({ block: "start" });
  }

  window.shpaltaUpdates = { poll: poll, countLabel: countLabel, reveal: reveal };
})();
