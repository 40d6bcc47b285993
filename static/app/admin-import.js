// The import preview: tick or untick a whole section in place. Without this script the same
// buttons submit the form, and the server re-renders the preview with the section changed.
(function () {
  "use strict";

  function keepBoxes(section) {
    return section.querySelectorAll('input[type="checkbox"][name^="keep__"]');
  }

  function sayKept(section) {
    var status = section.querySelector("[data-kept]");
    if (!status) {
      return;
    }
    var items = section.querySelectorAll('input[type="checkbox"][name^="keep__' + section.dataset.section + '__"]');
    var kept = 0;
    items.forEach(function (box) { kept += box.checked ? 1 : 0; });
    status.textContent = kept + " of " + items.length + " ticked to keep";
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-section-action]");
    var section = button && button.closest("[data-section]");
    if (!section) {
      return;
    }
    event.preventDefault();
    var tick = button.dataset.sectionAction === "select";
    keepBoxes(section).forEach(function (box) { box.checked = tick; });
    sayKept(section);
  });

  document.addEventListener("change", function (event) {
    var section = event.target.closest && event.target.closest("[data-section]");
    if (section && event.target.matches('input[type="checkbox"][name^="keep__"]')) {
      sayKept(section);
    }
  });
})();
