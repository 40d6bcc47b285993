// Draw every chart on the page with Plotly.
//
// A page embeds data, not code: `{{ figure|json_script:"fig-x" }}` next to
// `<div data-figure="fig-x">`. For each element with data-figure, this reads the figure
// ({data, layout}) from the json_script element the attribute names, draws it, and then
// sets data-rendered="true" (tests wait for it). Load plotly-cartesian.min.js before it.
(function () {
  "use strict";

  var CONFIG = { displayModeBar: false, responsive: true };

  function draw(element) {
    // The table is open for readers without JavaScript; here the chart stands in for it.
    var table = element.parentNode.querySelector("details[data-chart-table]");
    if (table) {
      table.open = false;
    }
    var id = element.getAttribute("data-figure");
    var source = document.getElementById(id);
    if (!source) {
      console.error("charts.js: no figure data with id " + JSON.stringify(id));
      return;
    }
    var figure = JSON.parse(source.textContent);
    window.Plotly.newPlot(element, figure.data || [], figure.layout || {}, CONFIG).then(function () {
      element.setAttribute("data-rendered", "true");
    });
  }

  function drawAll() {
    if (!window.Plotly) {
      console.error("charts.js: load plotly-cartesian.min.js before charts.js");
      return;
    }
    document.querySelectorAll("[data-figure]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
