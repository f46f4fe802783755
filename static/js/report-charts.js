// The district report's charts (templates/surveys/report/_chart.html): every element carrying
// data-report-chart='{"type": "bar"|"pie", "title", "categories", "series": [{"name", "data", "type"?}],
// "unit"}' is drawn with the vendored ECharts, on page load and whenever htmx swaps the report
// in. Without ECharts (or JavaScript) the data table under each chart stays the reading.
(function () {
  "use strict";

  function barOption(spec) {
    var many = spec.categories.length > 6;
    return {
      // One line of legend (scrolled where it does not fit), so that it never covers the axis labels.
      legend: spec.series.length > 1 ? { bottom: 0, type: "scroll" } : undefined,
      grid: { left: 16, right: 16, top: 48, bottom: spec.series.length > 1 ? 40 : 16, containLabel: true },
      xAxis: { type: "category", data: spec.categories, axisLabel: { interval: 0, rotate: many ? 30 : 0 } },
      yAxis: { type: "value", name: spec.unit || "" },
      series: spec.series.map(function (s) {
        // A series may be drawn as a line ("type": "line": a target across the bars).
        if (s.type === "line") return { type: "line", name: s.name, data: s.data };
        return { type: "bar", name: s.name, data: s.data, label: { show: true, position: "top" } };
      }),
    };
  }

  function pieOption(spec) {
    var values = spec.series[0] ? spec.series[0].data : [];
    return {
      legend: { bottom: 0 },
      series: [
        {
          type: "pie",
          radius: "55%",
          center: ["50%", "52%"],
          label: { formatter: "{b}\n{d}%" },
          data: spec.categories.map(function (name, i) {
            return { name: name, value: values[i] };
          }),
        },
      ],
    };
  }

  function option(spec) {
    var built = spec.type === "pie" ? pieOption(spec) : barOption(spec);
    built.title = { text: spec.title, left: "center", textStyle: { fontSize: 14 } };
    built.tooltip = { trigger: spec.type === "pie" ? "item" : "axis" };
    built.animation = false;
    return built;
  }

  function draw(root) {
    if (!window.echarts) return;
    var nodes = (root || document).querySelectorAll("[data-report-chart]");
    Array.prototype.forEach.call(nodes, function (el) {
      if (el.getAttribute("data-drawn")) return;
      var spec;
      try {
        spec = JSON.parse(el.getAttribute("data-report-chart"));
      } catch (e) {
        return;
      }
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(option(spec));
      el.setAttribute("data-drawn", "1");
      window.addEventListener("resize", function () {
        chart.resize();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      draw(document);
    });
  } else {
    draw(document);
  }
  document.addEventListener("htmx:load", function (event) {
    draw(event.target);
  });
})();
