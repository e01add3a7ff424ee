// Search-as-you-type for the class pickers of entity forms. Without this script the form
// still works: pickers are plain selects, and large classes take an IRI in a text box.
(function () {
  "use strict";
  var script = document.currentScript;
  var endpoint = script && script.getAttribute("data-choices");
  if (!endpoint) { return; }

  function fetchChoices(cls, q, done) {
    var url = endpoint + "?class=" + encodeURIComponent(cls) + "&q=" + encodeURIComponent(q);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(done)
      .catch(function () { done([]); });
  }

  // A select gets a filter box above it: typing hides the options that do not match.
  document.querySelectorAll("select[data-picker-class]").forEach(function (select) {
    var filter = document.createElement("input");
    filter.type = "search";
    filter.className = "picker-filter";
    filter.placeholder = "Filter…";
    filter.setAttribute("aria-label", "Filter the choices");
    filter.addEventListener("input", function () {
      var q = filter.value.toLowerCase();
      Array.prototype.forEach.call(select.options, function (o) {
        o.hidden = q && o.value && o.textContent.toLowerCase().indexOf(q) < 0;
      });
    });
    select.parentNode.insertBefore(filter, select);
  });

  // A text box for a large class suggests matching instances from the server.
  document.querySelectorAll("input[data-picker-class]").forEach(function (input, i) {
    var list = document.createElement("datalist");
    list.id = "picker-list-" + i;
    input.setAttribute("list", list.id);
    input.parentNode.appendChild(list);
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      if (input.value.length < 2 || input.value.charAt(0) === "<") { return; }
      timer = setTimeout(function () {
        fetchChoices(input.getAttribute("data-picker-class"), input.value, function (items) {
          list.textContent = "";
          items.forEach(function (item) {
            var option = document.createElement("option");
            option.value = item.value;
            option.textContent = item.label;
            list.appendChild(option);
          });
        });
      }, 150);
    });
  });
})();
