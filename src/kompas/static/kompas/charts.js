/* Charts (Vega-Lite): each element with data-chart-spec names the id of the JSON spec beside it.
   Drawn when the page loads; `window.kompasCharts.render(root)` draws those that htmx brings in
   later. Once a chart is drawn, a table of its numbers marked data-chart-table in the same
   figure is folded away. Without JavaScript, or when a chart cannot be drawn, that table holds
   the same numbers; the element then says so (its data-chart-error, else the page's). */
window.kompasCharts = (function () {
  "use strict";

  var LOCALES = {
    nl: { decimal: ",", thousands: ".", grouping: [3], currency: ["€ ", ""] },
    en: { decimal: ".", thousands: ",", grouping: [3], currency: ["€", ""] }
  };

  function errorText(element) {
    var page = document.getElementById("profile-messages");
    return element.dataset.chartError || (page && page.dataset.chartError) || "";
  }

  function render(root) {
    if (typeof window.vegaEmbed !== "function") {
      return;
    }
    var lang = (document.documentElement.lang || "nl").slice(0, 2);
    root.querySelectorAll("[data-chart-spec]").forEach(function (element) {
      if (element.dataset.rendered) {
        return;
      }
      var source = document.getElementById(element.dataset.chartSpec);
      if (!source) {
        return;
      }
      element.dataset.rendered = "true";
      var options = {
        actions: false,
        renderer: "svg",
        formatLocale: LOCALES[lang] || LOCALES.en,
        // Vega-Lite warns that faceted y domains come from layers of one data source, which
        // is intended here; only errors are worth the console.
        logLevel: window.vega ? window.vega.Error : 1
      };
      window.vegaEmbed(element, JSON.parse(source.textContent), options).then(function () {
        var figure = element.closest("figure");
        var table = figure && figure.querySelector("details[data-chart-table]");
        if (table) {
          table.open = false;
        }
      }).catch(function () {
        element.textContent = errorText(element);
        element.removeAttribute("role");
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    render(document);
  });

  return { render: render };
})();
