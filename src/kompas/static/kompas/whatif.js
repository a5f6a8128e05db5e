/* What-if weights: a slider beside each number field. The number field is what the form sends
   (htmx posts the form on every change, see the template); the slider only moves it, and the
   field moves the slider back. Without JavaScript the sliders stay hidden and the submit
   button sends the numbers. */
(function () {
  "use strict";

  function separator(form) {
    return form.dataset.decimal || ".";
  }

  function parse(text, sep) {
    var value = parseFloat(String(text).trim().split(sep).join("."));
    return isNaN(value) ? null : value;
  }

  function format(value, sep) {
    var text = String(Math.round(value * 100) / 100);
    return sep === "." ? text : text.replace(".", sep);
  }

  function wire(form) {
    var sep = separator(form);
    form.querySelectorAll("input[type='range'][data-weight-for]").forEach(function (slider) {
      var field = document.getElementById(slider.dataset.weightFor);
      if (!field) {
        return;
      }
      function follow() {
        var value = parse(field.value, sep);
        if (value === null) {
          return;
        }
        if (value > parseFloat(slider.max)) {
          slider.max = String(Math.ceil(value * 2));
        }
        slider.value = String(value);
      }
      follow();
      slider.hidden = false;
      slider.addEventListener("input", function () {
        field.value = format(parseFloat(slider.value), sep);
      });
      field.addEventListener("input", follow);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-decimal]").forEach(wire);
  });

  // A session that ended sends the log-in page: go there instead of showing it in place.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var url = event.detail.xhr && event.detail.xhr.responseURL;
    if (url && url.indexOf("/accounts/login/") !== -1) {
      event.detail.shouldSwap = false;
      window.location.href = url;
    }
  });
})();
