// Polls a running job's status and updates its progress bar; reloads the page once it ends so
// the result is shown. A static file: the CSP allows no inline script.
(function () {
  var box = document.getElementById("job-progress");
  if (!box || box.dataset.finished === "1") return;
  var bar = box.querySelector("progress");
  var text = box.querySelector(".step");
  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        bar.value = s.progress;
        text.textContent = s.status_label + (s.message ? "：" + s.message : "");
        if (s.finished) { window.location.reload(); } else { setTimeout(poll, 1000); }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
