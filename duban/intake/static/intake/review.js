// Clicking a highlight or a proposal shows its partner: the page works without this script.
(function () {
  "use strict";
  function focus(id) {
    document.querySelectorAll(".focus").forEach(function (el) { el.classList.remove("focus"); });
    var mark = document.querySelector('.mark[data-proposal="' + id + '"]');
    var form = document.getElementById("p-" + id);
    if (mark) { mark.classList.add("focus"); mark.scrollIntoView({ block: "center" }); }
    if (form) { form.classList.add("focus"); form.scrollIntoView({ block: "nearest" }); }
  }
  document.addEventListener("click", function (event) {
    var mark = event.target.closest(".mark");
    if (mark) { event.preventDefault(); focus(mark.getAttribute("data-proposal")); return; }
    var form = event.target.closest(".proposal");
    if (form && event.target.tagName !== "BUTTON" && !event.target.closest("label")) {
      focus(form.id.slice(2));
    }
  });
})();
