// Search as you type in the header box: titles and people from /search/suggest.json
// after three letters. The ARIA combobox pattern: arrows move through the list, Enter
// opens the chosen suggestion (or, with none chosen, submits the plain search form),
// Escape closes the list. Without JavaScript the box is the plain search form.
(function () {
  "use strict";

  var MIN_LETTERS = 3;
  var DELAY_MS = 150;

  function letters(text) {
    return (text.match(/\p{L}/gu) || []).length;
  }

  function setUp(input, list) {
    var timer = null;
    var pending = null;
    var active = -1;
    var options = [];

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");

    function close() {
      list.hidden = true;
      list.replaceChildren();
      options = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function choose(index) {
      if (active >= 0) options[active].setAttribute("aria-selected", "false");
      active = index;
      if (active < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      options[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    function option(label, kind, url) {
      var item = document.createElement("li");
      item.id = list.id + "-" + options.length;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.dataset.url = url;
      var text = document.createElement("span");
      text.textContent = label;
      var tag = document.createElement("span");
      tag.className = "typeahead-kind";
      tag.textContent = kind;
      item.append(text, " ", tag);
      // mousedown, not click: the box must not lose focus (and close the list) first.
      item.addEventListener("mousedown", function (event) {
        event.preventDefault();
        window.location.href = url;
      });
      options.push(item);
      return item;
    }

    function show(data) {
      close();
      data.people.forEach(function (p) {
        list.append(option(p.name, list.dataset.labelPerson, p.url));
      });
      data.articles.forEach(function (a) {
        list.append(option(a.title, list.dataset.labelArticle, a.url));
      });
      if (options.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }

    function ask() {
      var q = input.value.trim();
      if (letters(q) < MIN_LETTERS) {
        close();
        return;
      }
      if (pending) pending.abort();
      pending = new AbortController();
      fetch(list.dataset.url + "?q=" + encodeURIComponent(q), { signal: pending.signal })
        .then(function (response) {
          return response.ok ? response.json() : { articles: [], people: [] };
        })
        .then(function (data) {
          if (input.value.trim() === q) show(data);
        })
        .catch(function () {});
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!options.length) return;
        event.preventDefault();
        // Down from the last suggestion (or up from the first) returns to the box.
        var next = active + (event.key === "ArrowDown" ? 1 : -1);
        if (next >= options.length) next = -1;
        else if (next < -1) next = options.length - 1;
        choose(next);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = options[active].dataset.url;
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });

    input.addEventListener("blur", close);
  }

  var input = document.getElementById("site-search-q");
  var list = document.getElementById("site-search-suggestions");
  if (input && list) setUp(input, list);
})();
