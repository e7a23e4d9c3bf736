// «Головна сторінка»: reorder the rows by dragging or from the keyboard (Alt+↑/↓ or the
// buttons), remove a story, and add one by searching. The form posts the rows in order.
(function () {
  "use strict";
  var form = document.getElementById("frontpage-form");
  var list = document.getElementById("frontpage-slots");
  if (!form || !list) return;

  function rows() { return Array.prototype.slice.call(list.querySelectorAll("[data-slot]")); }

  function relabel() {
    rows().forEach(function (row, index) {
      var name = row.querySelector(".slot-name");
      name.textContent = index === 0 ? name.dataset.top : name.dataset.main + " " + index;
    });
  }

  function move(row, step, focusSelector) {
    var all = rows();
    var to = all.indexOf(row) + step;
    if (to < 0 || to >= all.length) return;
    if (step < 0) list.insertBefore(row, all[to]);
    else list.insertBefore(row, all[to].nextSibling);
    relabel();
    var target = focusSelector ? row.querySelector(focusSelector) : row;
    if (target) target.focus();
  }

  function clear(row) {
    row.querySelector("input[name=article]").value = "";
    row.querySelector("input[name=pinned_until]").value = "";
    row.querySelector(".slot-title").textContent = "";
    list.appendChild(row);
    relabel();
  }

  rows().forEach(function (row) {
    row.draggable = true;
    row.querySelector(".slot-moves").hidden = false;
  });

  list.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    var row = button.closest("[data-slot]");
    if (button.dataset.move) move(row, Number(button.dataset.move), "[data-move='" + button.dataset.move + "']");
    else if (button.hasAttribute("data-clear")) clear(row);
  });

  list.addEventListener("keydown", function (event) {
    if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
    var row = event.target.closest("[data-slot]");
    if (!row) return;
    event.preventDefault();
    var focused = document.activeElement;
    move(row, event.key === "ArrowUp" ? -1 : 1);
    if (focused && row.contains(focused)) focused.focus();
  });

  // Dragging with a mouse or a finger.
  var dragged = null;
  list.addEventListener("dragstart", function (event) {
    dragged = event.target.closest("[data-slot]");
    if (!dragged) return;
    dragged.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", "");
  });
  list.addEventListener("dragover", function (event) {
    var over = event.target.closest("[data-slot]");
    if (!dragged || !over || over === dragged) return;
    event.preventDefault();
    var box = over.getBoundingClientRect();
    list.insertBefore(dragged, event.clientY > box.top + box.height / 2 ? over.nextSibling : over);
  });
  list.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("is-dragging");
    dragged = null;
    relabel();
  });

  // Adding a story by its title: the desk's autocomplete of published stories.
  var search = form.querySelector(".slot-search");
  var input = document.getElementById("slot-search");
  var results = document.getElementById("slot-results");
  if (!search || !input || !window.fetch) return;
  search.hidden = false;
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var url = form.dataset.autocompleteUrl + "?kind=article&q=" + encodeURIComponent(input.value.trim());
      fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          results.textContent = "";
          (data.results || data.items || []).forEach(function (item) {
            var li = document.createElement("li");
            var button = document.createElement("button");
            button.type = "button";
            button.textContent = item.label + (item.detail ? " (" + item.detail + ")" : "");
            button.addEventListener("click", function () { place(item); });
            li.appendChild(button);
            results.appendChild(li);
          });
        });
    }, 200);
  });

  function place(item) {
    var free = rows().filter(function (row) { return !row.querySelector("input[name=article]").value; })[0];
    if (!free) free = rows()[rows().length - 1];
    free.querySelector("input[name=article]").value = item.id;
    free.querySelector(".slot-title").textContent = item.label;
    results.textContent = "";
    input.value = "";
    free.querySelector("input[name=article]").focus();
  }
})();
