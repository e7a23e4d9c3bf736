// «Копіювати посилання»: the one share action that needs a script (the others are links).
(function () {
  "use strict";
  document.querySelectorAll(".share-copy").forEach(function (button) {
    if (!navigator.clipboard) return;
    var status = button.parentNode.querySelector(".share-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy-url")).then(function () {
        if (status) status.textContent = button.getAttribute("data-copied");
      });
    });
  });
})();
