// Runs in <head>, before the page is painted (a file, not inline script: strict CSP).
// A reader's own choice of theme lives in this browser only (localStorage, never a
// cookie, so cached pages stay one HTML for everyone); without a choice the system's
// prefers-color-scheme applies through CSS alone.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  try {
    var theme = window.localStorage.getItem("shpalta-theme");
    if (theme === "dark" || theme === "light") root.dataset.theme = theme;
  } catch (error) { /* storage blocked: follow the system */ }
})();
