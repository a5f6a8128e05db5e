/* The region profile: draws the contribution charts (Vega-Lite) and looks after focus and
   errors when a judgement or precondition form is loaded or saved in place (htmx).
   Without JavaScript the page still works: the tables hold the numbers and the Edit links
   open the forms as pages. */
(function () {
  "use strict";

  var LOCALES = {
    nl: { decimal: ",", thousands: ".", grouping: [3], currency: ["€ ", ""] },
    en: { decimal: ".", thousands: ",", grouping: [3], currency: ["€", ""] }
  };

  function messages() {
    return document.getElementById("profile-messages") || { dataset: {} };
  }

  function renderCharts(root) {
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
        // Vega-Lite warns that the facets' y domains come from layers of one data source,
        // which is the case here; only errors are worth the console.
        logLevel: window.vega ? window.vega.Error : 1
      };
      window.vegaEmbed(element, JSON.parse(source.textContent), options).then(function () {
        var figure = element.closest("figure");
        var table = figure && figure.querySelector("details[data-chart-table]");
        if (table) {
          table.open = false;
        }
      }).catch(function () {
        element.textContent = messages().dataset.chartError || "";
        element.removeAttribute("role");
      });
    });
  }

  // Which track's explanation to show; kept when the advice panel is replaced after a save.
  var chosenTrack = null;

  function showTrack(root) {
    var choice = root.querySelector("[data-track-choice]");
    if (!choice) {
      return;
    }
    var radios = choice.querySelectorAll("input[type='radio']");
    if (chosenTrack === null) {
      chosenTrack = radios[0].value;
    }
    radios.forEach(function (radio) {
      radio.checked = radio.value === chosenTrack;
      if (!radio.dataset.wired) {
        radio.dataset.wired = "true";
        radio.addEventListener("change", function () {
          chosenTrack = radio.value;
          showTrack(document);
        });
      }
    });
    root.querySelectorAll("[data-track-section]").forEach(function (section) {
      section.hidden = section.dataset.trackSection !== chosenTrack;
    });
    choice.hidden = false;
  }

  function focusItem(item) {
    var form = item.querySelector("form");
    if (form) {
      var target = form.querySelector("[aria-invalid='true']") ||
        form.querySelector("[role='alert']") ||
        form.querySelector("input[type='radio']:checked") ||
        form.querySelector("input:not([type='hidden']), textarea");
      if (target) {
        if (target.getAttribute("role") === "alert") {
          target.setAttribute("tabindex", "-1");
        }
        target.focus();
      }
      return;
    }
    var heading = item.querySelector("[tabindex='-1']");
    if (heading) {
      heading.focus();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    showTrack(document);
    renderCharts(document);
  });

  document.body.addEventListener("htmx:afterSettle", function (event) {
    showTrack(document);
    renderCharts(document);
    var target = event.detail.target;
    var item = target && target.id ? document.getElementById(target.id) : null;
    if (item && item.hasAttribute("data-kompas-row")) {
      focusItem(item);
    }
  });

  // A session that ended sends the log-in page: go there instead of showing it in place.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var url = event.detail.xhr && event.detail.xhr.responseURL;
    if (url && url.indexOf("/accounts/login/") !== -1) {
      event.detail.shouldSwap = false;
      window.location.href = url;
    }
  });

  document.body.addEventListener("htmx:responseError", function (event) {
    var target = event.detail.target;
    if (!target || !target.isConnected) {
      return;
    }
    var alert = document.createElement("p");
    alert.className = "kompas-alert kompas-alert--error";
    alert.setAttribute("role", "alert");
    alert.textContent = messages().dataset.error || "";
    target.prepend(alert);
  });
})();
