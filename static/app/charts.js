// Draw every chart on the page with Plotly.
//
// A page embeds data, not code: `{{ figure|json_script:"fig-x" }}` next to
// `<div data-figure="fig-x">`. For each element with data-figure, this reads the figure
// ({data, layout}) from the json_script element the attribute names, draws it, and then
// sets data-rendered="true" (tests wait for it). Load plotly-cartesian.min.js before it.
//
// On a narrow screen (a phone), long category labels are wrapped onto several lines so the
// plot keeps its width, and a heatmap, whose cells and labels cannot be read at that size,
// gives way to its table, left open (data-rendered="table"); it is drawn if the screen
// widens. Printing opens every chart's table and fits the charts to the paper.
(function () {
  "use strict";

  var CONFIG = { displayModeBar: false, responsive: true };
  var NARROW = 640; // px of chart width: a phone held upright
  var CHAR_WIDTH = 7.5; // px: an average character of the charts' 14px Arial
  var LINE_HEIGHT = 17; // px: one line of a wrapped label
  var PRINT_WIDTH = 640; // px: an A4 page's text width

  function tableOf(element) {
    return element.parentNode.querySelector("details[data-chart-table]");
  }

  function figureOf(element) {
    var id = element.getAttribute("data-figure");
    var source = document.getElementById(id);
    if (!source) {
      console.error("charts.js: no figure data with id " + JSON.stringify(id));
      return null;
    }
    return JSON.parse(source.textContent);
  }

  function isHeatmap(figure) {
    return (figure.data || []).some(function (trace) {
      return trace.type === "heatmap";
    });
  }

  // Break a label into lines of at most `chars` characters, at spaces.
  function wrap(text, chars) {
    var lines = [];
    var line = "";
    String(text)
      .split(" ")
      .forEach(function (word) {
        if (line && (line + " " + word).length > chars) {
          lines.push(line);
          line = word;
        } else {
          line = line ? line + " " + word : word;
        }
      });
    lines.push(line);
    return lines;
  }

  // Wrap the long labels of a category axis drawn sideways (y), growing the chart to fit.
  function fitLabels(figure, width) {
    var layout = figure.layout || {};
    var axis = layout.yaxis || {};
    if (axis.type === "date" || axis.tickvals) {
      return figure;
    }
    var labels = [];
    (figure.data || []).forEach(function (trace) {
      (trace.y || []).forEach(function (label) {
        if (typeof label === "string" && labels.indexOf(label) === -1) {
          labels.push(label);
        }
      });
    });
    var chars = Math.max(12, Math.floor((width * 0.5) / CHAR_WIDTH));
    var mostLines = 1;
    var text = labels.map(function (label) {
      var lines = wrap(label, chars);
      mostLines = Math.max(mostLines, lines.length);
      return lines.join("<br>");
    });
    fitLegend(figure, width);
    if (mostLines === 1) {
      return figure;
    }
    layout.yaxis = Object.assign({}, axis, { tickmode: "array", tickvals: labels, ticktext: text });
    // Rows are evenly spaced, so every row needs the room of the tallest label.
    var margin = layout.margin || {};
    var plotHeight = labels.length * (mostLines + 1) * LINE_HEIGHT;
    var height = plotHeight + (margin.t || 100) + (margin.b || 80);
    layout.height = Math.max(layout.height || 450, height);
    figure.layout = layout;
    return figure;
  }

  // Legend entries do not wrap by themselves: wrap their names to the chart's width.
  function fitLegend(figure, width) {
    var chars = Math.max(12, Math.floor((width - 60) / CHAR_WIDTH));
    (figure.data || []).forEach(function (trace) {
      if (typeof trace.name === "string" && trace.name.length > chars) {
        trace.name = wrap(trace.name, chars).join("<br>");
      }
    });
  }

  function draw(element) {
    var figure = figureOf(element);
    if (!figure) {
      return;
    }
    var table = tableOf(element);
    var width = element.clientWidth || element.parentNode.clientWidth;
    if (width < NARROW && isHeatmap(figure) && table) {
      // Too small to read: the table stays open instead, until the screen widens.
      element.hidden = true;
      element.setAttribute("data-rendered", "table");
      return;
    }
    element.hidden = false;
    // The table is open for readers without JavaScript; here the chart stands in for it.
    if (table) {
      table.open = false;
    }
    if (width < NARROW) {
      figure = fitLabels(figure, width);
    }
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
    // A heatmap left as a table is drawn once there is room for it.
    window.addEventListener("resize", function () {
      document.querySelectorAll('[data-figure][data-rendered="table"]').forEach(function (el) {
        if (el.parentNode.clientWidth >= NARROW) {
          draw(el);
        }
      });
    });
  }

  // Printing: every chart's table open, every chart fitted to the page's width.
  var folded = [];
  window.addEventListener("beforeprint", function () {
    folded = Array.prototype.slice.call(document.querySelectorAll("details:not([open])"));
    folded.forEach(function (details) {
      details.open = true;
    });
    document.querySelectorAll('[data-figure][data-rendered="true"]').forEach(function (el) {
      if (el.clientWidth > PRINT_WIDTH) {
        window.Plotly.relayout(el, { width: PRINT_WIDTH });
      }
    });
  });
  window.addEventListener("afterprint", function () {
    folded.forEach(function (details) {
      details.open = false;
    });
    folded = [];
    document.querySelectorAll('[data-figure][data-rendered="true"]').forEach(function (el) {
      window.Plotly.relayout(el, { width: null, autosize: true });
    });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
