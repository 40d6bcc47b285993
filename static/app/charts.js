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
      followLinks(element);
      element.setAttribute("data-rendered", "true");
    });
  }

  // A chart whose rows name pages (data-links: the id of a JSON object, row name → address),
  // e.g. the heatmap's forces: a click on a row opens its page. Keyboard users have the
  // same links in the table under the chart.
  function followLinks(element) {
    var id = element.getAttribute("data-links");
    var source = id && document.getElementById(id);
    if (!source) {
      return;
    }
    var links = JSON.parse(source.textContent);
    element.on("plotly_click", function (event) {
      var point = event && event.points && event.points[0];
      var url = point && Object.prototype.hasOwnProperty.call(links, point.y) && links[point.y];
      if (url) {
        window.location.assign(url);
      }
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
