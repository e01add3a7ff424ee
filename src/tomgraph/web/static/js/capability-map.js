// Capability map enhancement: "Expand all" / "Collapse all" toggle the <details> boxes in
// place instead of reloading the page. Without JavaScript the links reload with ?open=.
(function () {
  "use strict";
  const map = document.querySelector(".capmap");
  if (!map) return;
  document.querySelectorAll("[data-expand]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      const open = link.getAttribute("data-expand") === "all";
      map.querySelectorAll("details").forEach(function (box) {
        box.open = open;
      });
    });
  });
})();
