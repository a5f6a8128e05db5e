/* Robustness charts (Vega-Lite): each element with data-chart-spec names the id of the JSON
   spec beside it. Without JavaScript, or when a chart cannot be drawn, the table in the same
   figure holds the same numbers. */
(function () {
  "use strict";

  var LOCALES = {
    nl: { decimal: ",", thousands: ".", grouping: [3], currency: ["€ ", ""] },
    en: { decimal: ".", thousands: ",", grouping: [3], currency: ["€", ""] }
  };

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
        logLevel: window.vega ? window.vega.Error : 1
      };
      window.vegaEmbed(element, JSON.parse(source.textContent), options).catch(function () {
        element.textContent = element.dataset.chartError || "";
        element.removeAttribute("role");
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    render(document);
  });
})();
