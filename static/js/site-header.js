// The header's two buttons: the menu on narrow screens and the dark-theme switch.
// static/js/theme.js has already applied a stored theme before paint.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "shpalta-theme";
  var systemDark = window.matchMedia("(prefers-color-scheme: dark)");

  function isDark() {
    return root.dataset.theme ? root.dataset.theme === "dark" : systemDark.matches;
  }

  function startThemeToggle() {
    var button = document.getElementById("theme-toggle");
    if (!button) return;
    var show = function () { button.setAttribute("aria-pressed", String(isDark())); };
    button.addEventListener("click", function () {
      var theme = isDark() ? "light" : "dark";
      root.dataset.theme = theme;
      try { window.localStorage.setItem(KEY, theme); } catch (error) { /* this page only */ }
      show();
    });
    systemDark.addEventListener("change", show);
    show();
    button.hidden = false;
  }

  function startMenu() {
    var button = document.getElementById("menu-toggle");
    var menu = document.getElementById("site-menu");
    if (!button || !menu) return;
    var close = function () {
      menu.classList.remove("open");
      button.setAttribute("aria-expanded", "false");
    };
    button.addEventListener("click", function () {
      var open = menu.classList.toggle("open");
      button.setAttribute("aria-expanded", String(open));
      if (open) {
        var first = menu.querySelector("a, input");
        if (first) first.focus();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.classList.contains("open")) {
        close();
        button.focus();
      }
    });
    button.hidden = false;
  }

  function start() {
    startThemeToggle();
    startMenu();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
