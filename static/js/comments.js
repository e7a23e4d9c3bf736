// The comment section of an article. The article page is the same for everyone and
// cached; comments come from a public, briefly cached endpoint (HTML fragments rendered
// and escaped by the server), and what this reader may do from a private one.
// Without JavaScript the page links to a server-rendered comments page instead.
(function () {
  "use strict";

  var state = null;
  var list, more, orders, slot, nextUrl = "";
  // New comments while the thread is open (updates.js): the newest id the page knows,
  // the ones fetched but not yet shown, and the order the reader chose.
  var newest = 0, waitingNew = [], order = "new", newButton;

  // After this reader wrote something the server says for how many seconds to read the
  // primary database (X-Shpalta-Primary-Seconds); until then we ask for it, so a lagging
  // replica never hides their own comment (shpalta/lib/dbrouter.py). No cookie needed.
  var PRIMARY_UNTIL = "shpalta-primary-until";

  function primaryUntil() {
    try { return Number(window.sessionStorage.getItem(PRIMARY_UNTIL)) || 0; } catch (e) { return 0; }
  }

  function rememberWrite(response) {
    var seconds = Number(response.headers.get("X-Shpalta-Primary-Seconds"));
    if (!seconds) return;
    try {
      window.sessionStorage.setItem(PRIMARY_UNTIL, String(Date.now() + seconds * 1000));
    } catch (e) { /* private mode without storage: replicas lag only seconds */ }
  }

  function getJSON(url, options) {
    options = options || {};
    options.credentials = "same-origin";
    options.headers = Object.assign({ Accept: "application/json" }, options.headers || {});
    if (Date.now() < primaryUntil()) options.headers["X-Shpalta-Primary"] = "1";
    return fetch(url, options).then(function (response) {
      rememberWrite(response);
      return response.json().catch(function () { return {}; }).then(function (data) {
        data._status = response.status;
        return data;
      });
    });
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    return template.content;
  }

  // The cookie is the truth: the header script and this one may both have asked for a
  // token at once, and only the last cookie set counts.
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : state.csrf_token;
  }

  function post(url, fields) {
    var body = new FormData();
    Object.keys(fields).forEach(function (key) { body.append(key, fields[key]); });
    return getJSON(url, { method: "POST", body: body, headers: { "X-CSRFToken": csrfToken() } });
  }

  function button(label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "comment-" + action;
    b.dataset.action = action;
    b.textContent = label;
    return b;
  }

  // Reply, edit and delete buttons, worked out here from the reader's state. A held
  // comment (shown only to its author) can be edited and deleted, not answered or liked.
  function decorate(root) {
    if (!state || !state.user_id) return;
    var now = Date.now() / 1000;
    root.querySelectorAll("article.comment").forEach(function (node) {
      var actions = node.querySelector(".comment-actions");
      if (!actions || actions.dataset.decorated) return;
      actions.dataset.decorated = "1";
      var held = node.dataset.held === "1";
      if (!held) {
        if (state.can_post) actions.append(button(state.labels.reply, "reply"));
        actions.append(button(state.labels.like, "like"));
        actions.append(button(state.labels.report, "report"));
      }
      var mine = String(state.user_id) === node.dataset.author;
      if (mine && now - Number(node.dataset.created) < state.edit_seconds) {
        actions.append(button(state.labels.edit, "edit"));
      }
      if (mine) actions.append(button(state.labels.delete, "delete"));
    });
  }

  function repliesBox(target, root) {
    var box = document.getElementById("replies-" + root);
    if (!box) {
      box = document.createElement("div");
      box.className = "comment-replies";
      box.id = "replies-" + root;
      target.after(box);
    }
    return box;
  }

  // The reader's own held comments come from the private state, never from the shared
  // (cached) pages: top-level ones at the top of the list, replies in their thread once
  // that thread is on the page.
  function placeHeld() {
    if (!state || !state.held) return;
    state.held.forEach(function (item) {
      if (document.getElementById("comment-" + item.id)) return;
      if (!item.root) {
        list.prepend(fragment(item.html));
        return;
      }
      var root = document.getElementById("comment-" + item.root);
      if (root) repliesBox(root, item.root).append(fragment(item.html));
    });
    var empty = list.querySelector(".comments-empty");
    if (empty && list.querySelector("article.comment")) empty.remove();
  }

  function remember(item) {
    if (!state) return;
    state.held = (state.held || []).filter(function (h) { return h.id !== item.id; });
    if (item.status === "pending") state.held.push(item);
  }

  function load(url, append) {
    return getJSON(url).then(function (data) {
      if (data._status !== 200) return;
      var content = fragment(data.html);
      if (append) {
        list.append(content);
      } else {
        list.replaceChildren(content);
      }
      nextUrl = data.next || "";
      more.hidden = !nextUrl;
      placeHeld();
      decorate(list);
    });
  }

  function note(form, text) {
    var p = form.querySelector(".comment-form-note");
    p.textContent = text || "";
    p.hidden = !text;
  }

  function submitForm(form, event) {
    event.preventDefault();
    var body = form.querySelector("textarea").value;
    var parent = form.querySelector("input[name=parent]").value;
    post(form.action, { body: body, parent: parent }).then(function (data) {
      if (data._status >= 400) { note(form, data.error); return; }
      form.querySelector("textarea").value = "";
      note(form, data.message);
      remember(data);
      var node = fragment(data.html);
      var reply = form.classList.contains("reply-form");
      if (reply && data.status === "pending") {
        form.replaceWith(node);  // the held reply, with its note, where the form was
      } else if (parent) {
        var target = document.getElementById("comment-" + parent);
        if (target) repliesBox(target, target.dataset.root).append(node);
      } else {
        list.prepend(node);
        var empty = list.querySelector(".comments-empty");
        if (empty) empty.remove();
      }
      if (reply) form.remove();
      decorate(list);
    });
  }

  function onListClick(event) {
    var moreReplies = event.target.closest("a.more-replies");
    if (moreReplies) {
      event.preventDefault();
      getJSON(moreReplies.href).then(function (data) {
        var box = document.getElementById(moreReplies.dataset.target);
        box.append(fragment(data.html));
        decorate(box);
        if (data.next) { moreReplies.href = data.next; } else { moreReplies.remove(); }
      });
      return;
    }
    var b = event.target.closest("button[data-action]");
    if (!b) return;
    var node = b.closest("article.comment");
    var id = node.dataset.id;
    var action = b.dataset.action;
    if (action === "reply") {
      var existing = node.nextElementSibling;
      if (existing && existing.classList.contains("reply-form")) { existing.remove(); return; }
      var form = slot.querySelector("form.comment-form").cloneNode(true);
      form.classList.add("reply-form");
      form.querySelector("textarea").id = "reply-body-" + id;
      form.querySelector("label").htmlFor = "reply-body-" + id;
      form.querySelector("input[name=parent]").value = id;
      note(form, "");
      form.addEventListener("submit", function (e) { submitForm(form, e); });
      node.after(form);
      form.querySelector("textarea").focus();
    } else if (action === "like") {
      post("/comments/c/" + id + "/like/", {}).then(function (data) {
        if (data._status === 200) node.querySelector(".like-count").textContent = data.likes;
      });
    } else if (action === "report") {
      if (node.querySelector(".report-form")) return;
      var reportForm = document.createElement("form");
      reportForm.className = "report-form";
      var select = document.createElement("select");
      select.name = "reason";
      select.setAttribute("aria-label", state.labels.report);
      state.reasons.forEach(function (pair) {
        var option = document.createElement("option");
        option.value = pair[0];
        option.textContent = pair[1];
        select.append(option);
      });
      var send = document.createElement("button");
      send.type = "submit";
      send.textContent = state.labels.send_report;
      reportForm.append(select, send);
      reportForm.addEventListener("submit", function (e) {
        e.preventDefault();
        post("/comments/c/" + id + "/report/", { reason: select.value }).then(function (data) {
          var p = document.createElement("p");
          p.className = "report-note";
          p.textContent = data.message || data.error;
          reportForm.replaceWith(p);
        });
      });
      node.append(reportForm);
    } else if (action === "delete") {
      if (!window.confirm(state.labels.confirm_delete)) return;
      post("/comments/c/" + id + "/delete/", {}).then(function (data) {
        if (data._status !== 200) { window.alert(data.error); return; }
        remember({ id: Number(id), status: "removed" });
        node.replaceWith(fragment(data.html));
      });
    } else if (action === "edit") {
      var bodyNode = node.querySelector(".comment-body");
      var area = document.createElement("textarea");
      area.className = "comment-edit-body";
      area.value = bodyNode.innerText;
      area.setAttribute("aria-label", state.labels.edit);
      var save = button(state.labels.save, "save");
      bodyNode.replaceWith(area);
      b.replaceWith(save);
    } else if (action === "save") {
      var text = node.querySelector("textarea.comment-edit-body").value;
      post("/comments/c/" + id + "/edit/", { body: text }).then(function (data) {
        if (data._status === 200) {
          remember(data);
          node.replaceWith(fragment(data.html));
          decorate(list);
        } else {
          window.alert(data.error);
        }
      });
    }
  }

  // «N нових коментарів»: counted from what is not on the page yet (the reader's own
  // posts are); replies only where their thread is open.
  function watchNew() {
    var updates = window.shpaltaUpdates;
    if (!updates || !list.dataset.newUrl) return;
    var forms = JSON.parse(list.dataset.forms);
    function ask() { return list.dataset.newUrl + "?after=" + newest; }
    updates.poll(ask, Number(list.dataset.pollSeconds) || 4, function (data) {
      waitingNew = data.comments.filter(function (item) {
        if (document.getElementById("comment-" + item.id)) return false;
        return !item.root || document.getElementById("comment-" + item.root);
      });
      if (!waitingNew.length) newest = Math.max(newest, data.last);
      newButton.textContent = waitingNew.length ? updates.countLabel(forms, waitingNew.length) : "";
      newButton.hidden = !waitingNew.length;
    });
  }

  function pressOrder(name) {
    order = name;
    orders.querySelectorAll("button").forEach(function (x) {
      x.setAttribute("aria-pressed", String(x.dataset.order === name));
    });
  }

  function showNew() {
    var items = waitingNew;
    waitingNew = [];
    newButton.hidden = true;
    items.forEach(function (item) { newest = Math.max(newest, item.id); });
    if (order !== "new") {
      // The new ones belong at the top of «Спочатку нові»: show that order.
      pressOrder("new");
      load(list.dataset.threadUrl + "?order=new", false).then(function () {
        window.shpaltaUpdates.reveal(list.firstElementChild);
      });
      return;
    }
    var first = null;
    items.forEach(function (item) {  // oldest first, so the newest ends on top
      if (document.getElementById("comment-" + item.id)) return;
      var node = fragment(item.html);
      var element = node.firstElementChild;
      if (!item.root) {
        list.prepend(node);
        first = element;
      } else {
        var root = document.getElementById("comment-" + item.root);
        if (!root) return;
        repliesBox(root, item.root).append(node);
        first = first || element;
      }
    });
    var empty = list.querySelector(".comments-empty");
    if (empty && list.querySelector("article.comment")) empty.remove();
    decorate(list);
    window.shpaltaUpdates.reveal(first);
  }

  function start() {
    list = document.getElementById("comment-list");
    if (!list || !window.fetch) return;
    more = document.getElementById("more-comments");
    orders = document.getElementById("comment-orders");
    slot = document.getElementById("comment-form-slot");
    var base = list.dataset.threadUrl;
    var stateReady = getJSON(slot.dataset.stateUrl);
    // Where «new» starts, asked before the first page: a comment posted in between is
    // on the page and so not counted again.
    newButton = document.getElementById("comments-new");
    if (list.dataset.newUrl && newButton) {
      getJSON(list.dataset.newUrl).then(function (data) {
        if (data._status !== 200) return;
        newest = data.last;
        watchNew();
      });
      newButton.addEventListener("click", showNew);
    }
    // The form appears only once the first page is in, so a new comment is never
    // wiped out by a page that arrives after it.
    load(base + "?order=new", false).then(function () { return stateReady; }).then(function (data) {
      if (data._status !== 200) return;
      state = data;
      slot.replaceChildren(fragment(data.form_html));
      var form = slot.querySelector("form.comment-form");
      if (form) form.addEventListener("submit", function (e) { submitForm(form, e); });
      placeHeld();
      decorate(list);
    });
    orders.hidden = false;
    orders.addEventListener("click", function (event) {
      var b = event.target.closest("button[data-order]");
      if (!b) return;
      pressOrder(b.dataset.order);
      load(base + "?order=" + b.dataset.order, false);
    });
    more.addEventListener("click", function () { if (nextUrl) load(nextUrl, true); });
    list.addEventListener("click", onListClick);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
