// Keyboard shortcuts for the desk's moderation queue. Without this file the checkboxes and
// the buttons above the list do the same work.
//   j / k  next / previous comment      x  select the current comment
//   a      approve                      h  hide (type the reason, then Enter)
//   r      restore                      ?  show the list of shortcuts; Esc closes it
// a, h and r act on the selected comments, or on the current one if none is selected.
(function () {
  "use strict";

  var form = document.getElementById("mod-bulk");
  var help = document.getElementById("mod-help");
  var helpToggle = document.getElementById("mod-help-toggle");
  if (!help) return;

  var items = form ? Array.prototype.slice.call(form.querySelectorAll(".mod-item")) : [];
  var reason = document.getElementById("mod-reason");
  var reasonError = document.getElementById("mod-reason-error");
  var hint = document.getElementById("mod-hint");
  var current = -1;

  function setCurrent(index, focus) {
    if (!items.length) return;
    index = Math.max(0, Math.min(items.length - 1, index));
    if (current >= 0) {
      items[current].classList.remove("is-current");
      items[current].removeAttribute("aria-current");
    }
    current = index;
    var item = items[current];
    item.classList.add("is-current");
    item.setAttribute("aria-current", "true");
    if (focus !== false) {
      item.focus({ preventScroll: true });
      item.scrollIntoView({ block: "nearest" });
    }
  }

  function checkbox(item) {
    return item.querySelector(".mod-pick");
  }

  // Selected comments, or the current one (then selected) when none is.
  function ensureSelection() {
    var any = items.some(function (item) { return checkbox(item).checked; });
    if (any) return true;
    if (current < 0) {
      hint.textContent = hint.getAttribute("data-none") || "";
      return false;
    }
    checkbox(items[current]).checked = true;
    return true;
  }

  function submit(action) {
    if (!form || !ensureSelection()) return;
    var button = form.querySelector('button[name="action"][value="' + action + '"]');
    if (form.requestSubmit) form.requestSubmit(button);
    else button.click();
  }

  function toggleHelp(show) {
    var open = typeof show === "boolean" ? show : help.hidden;
    help.hidden = !open;
    if (helpToggle) helpToggle.setAttribute("aria-expanded", String(open));
  }

  function typing(target) {
    if (!target || !target.tagName) return false;
    if (target.isContentEditable) return true;
    var tag = target.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT") return true;
    if (tag !== "INPUT") return false;
    return ["checkbox", "radio", "button", "submit", "reset"].indexOf(target.type) < 0;
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (submitter && submitter.value === "hide" && !reason.value.trim()) {
        event.preventDefault();
        reasonError.hidden = false;
        reason.focus();
      }
    });
    form.addEventListener("click", function (event) {
      var item = event.target.closest(".mod-item");
      if (item) setCurrent(items.indexOf(item), false);
    });
  }

  if (helpToggle) {
    helpToggle.hidden = false;
    helpToggle.addEventListener("click", function () { toggleHelp(); });
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (event.key === "Escape") {
      if (!help.hidden) toggleHelp(false);
      else if (event.target === reason && current >= 0) items[current].focus();
      else return;
      event.preventDefault();
      return;
    }
    if (typing(event.target)) return;
    switch (event.key) {
      case "j":
        setCurrent(current + 1);
        break;
      case "k":
        setCurrent(current < 0 ? 0 : current - 1);
        break;
      case "x":
        if (current < 0) setCurrent(0);
        if (current >= 0) {
          var box = checkbox(items[current]);
          box.checked = !box.checked;
        }
        break;
      case "a":
        submit("approve");
        break;
      case "r":
        submit("restore");
        break;
      case "h":
        if (form && ensureSelection()) {
          hint.textContent = hint.getAttribute("data-hide") || "";
          reason.focus();
        }
        break;
      case "?":
        toggleHelp();
        break;
      default:
        return;
    }
    event.preventDefault();
  });
})();
