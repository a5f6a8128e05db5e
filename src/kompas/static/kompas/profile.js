/* The region profile: shows the chosen track, draws the charts htmx brings in (charts.js), and
   looks after focus and errors when a judgement or precondition form is loaded or saved in
   place (htmx).
   Without JavaScript the page still works: the tables hold the numbers and the Edit links
   open the forms as pages. */
(function () {
  "use strict";

  function messages() {
    return document.getElementById("profile-messages") || { dataset: {} };
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
  });

  document.body.addEventListener("htmx:afterSettle", function (event) {
    showTrack(document);
    window.kompasCharts.render(document);
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
    var alert = document.createElement("div");
    alert.className = "utrecht-alert utrecht-alert--error";
    alert.setAttribute("role", "alert");
    var message = document.createElement("p");
    message.className = "utrecht-alert__message";
    message.textContent = messages().dataset.error || "";
    alert.append(message);
    target.prepend(alert);
  });
})();
