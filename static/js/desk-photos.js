// Focal point picker: click the subject on the preview (or move it with the arrow keys)
// and the focal_x / focal_y fields follow. Without JavaScript those stay number inputs.
(function () {
  "use strict";

  function clamp(value) {
    return Math.min(1, Math.max(0, value));
  }

  function setUp(form) {
    var picker = form.querySelector("[data-focal-picker]");
    var numbers = form.querySelector("[data-focal-numbers]");
    var x = form.querySelector("input[name=focal_x]");
    var y = form.querySelector("input[name=focal_y]");
    if (!picker || !numbers || !x || !y) return;
    var frame = picker.querySelector(".focal-frame");
    var image = picker.querySelector(".focal-image");
    var marker = picker.querySelector(".focal-marker");
    var file = form.querySelector("input[type=file]");

    function place() {
      marker.style.left = clamp(parseFloat(x.value) || 0) * 100 + "%";
      marker.style.top = clamp(parseFloat(y.value) || 0) * 100 + "%";
    }

    function set(fx, fy) {
      x.value = clamp(fx).toFixed(3);
      y.value = clamp(fy).toFixed(3);
      place();
    }

    function show() {
      picker.hidden = false;
      // The inputs stay in the form (and are sent); only the numbers are hidden.
      numbers.hidden = true;
      place();
    }

    image.addEventListener("click", function (event) {
      var box = image.getBoundingClientRect();
      set((event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height);
    });

    frame.addEventListener("keydown", function (event) {
      var step = event.shiftKey ? 0.1 : 0.02;
      var moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      var move = moves[event.key];
      if (!move) return;
      event.preventDefault();
      set((parseFloat(x.value) || 0) + move[0], (parseFloat(y.value) || 0) + move[1]);
    });

    if (file) {
      // Upload: preview the chosen file (a data: URL, which the CSP allows).
      file.addEventListener("change", function () {
        var chosen = file.files && file.files[0];
        if (!chosen) return;
        var reader = new FileReader();
        reader.addEventListener("load", function () {
          image.src = reader.result;
          set(0.5, 0.5);
          show();
        });
        reader.readAsDataURL(chosen);
      });
    } else if (image.getAttribute("src")) {
      show();
    }
  }

  document.querySelectorAll("form[data-focal]").forEach(setUp);
})();
