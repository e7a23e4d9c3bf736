// A live blog's page: new entries arrive without reloading. The page itself (cached,
// the same for everyone) holds the newest entries; this asks «after entry N» and shows
// «N нових оновлень»; a click inserts them at the top. Without JavaScript the page and
// its «Попередні оновлення» links are the whole blog.
(function () {
  "use strict";

  function start() {
    var blog = document.getElementById("live");
    var updates = window.shpaltaUpdates;
    if (!blog || !updates || !window.fetch || blog.dataset.ended) return;
    var list = document.getElementById("live-entries");
    var button = document.getElementById("live-new");
    var forms = JSON.parse(blog.dataset.forms);
    var last = Number(blog.dataset.last) || 0;
    var waiting = [];  // entries fetched, not yet shown: [{id, html}], oldest first
    var poller;

    function ask() { return blog.dataset.updatesUrl + "?after=" + last; }

    function fresh(items) {
      return items.filter(function (item) { return !document.getElementById("entry-" + item.id); });
    }

    function onData(data) {
      waiting = fresh(data.entries);
      if (waiting.length) {
        button.textContent = updates.countLabel(forms, waiting.length) + (data.more ? "+" : "");
        button.hidden = false;
      }
      if (data.ended) {
        poller.stop();
        blog.dataset.ended = "1";
      }
    }

    button.addEventListener("click", function () {
      var empty = list.querySelector(".live-empty");
      if (empty) empty.remove();
      var newest = null;
      waiting.forEach(function (item) {
        var holder = document.createElement("template");
        holder.innerHTML = item.html;
        newest = holder.content.firstElementChild;
        list.prepend(holder.content);
        last = Math.max(last, item.id);
      });
      waiting = [];
      button.hidden = true;
      updates.reveal(newest ? document.getElementById(newest.id) : null);
      poller.now();  // more may be waiting (an answer carries at most 50)
    });

    poller = updates.poll(ask, Number(blog.dataset.pollSeconds) || 4, onData);
  }

  // A deferred script runs before DOMContentLoaded, and updates.js may come later.
  document.addEventListener("DOMContentLoaded", start);
})();
