/* The overview's map: the regions of the tables coloured by level, European regions on NUTS
   outlines, other countries on country outlines, all countries in light grey underneath.
   No tile layer: Kompas works offline and calls no third party. The page's tables hold the same
   information; this map is a picture of them.

   Reads from the map element: data-url (GeoJSON of the shown regions, same query string as the
   page) and data-background-url (all countries); labels from the JSON script
   #kompas-map-labels; colours from the CSS custom properties --kompas-color-level-<id>. */
(function () {
  "use strict";

  var element = document.getElementById("kompas-map");
  var controls = document.getElementById("kompas-map-controls");
  if (!element || !controls || !window.L) {
    return;
  }
  var labels = JSON.parse(document.getElementById("kompas-map-labels").textContent);
  var css = window.getComputedStyle(document.documentElement);

  function colour(name) {
    return css.getPropertyValue("--kompas-color-" + name).trim();
  }

  function choice(name) {
    var checked = controls.querySelector('input[name="' + name + '"]:checked');
    return checked ? checked.value : null;
  }

  function escapeHtml(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  var map = L.map(element, { zoomSnap: 0.5, minZoom: 1, maxZoom: 9 });
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  map.attributionControl.addAttribution(escapeHtml(labels.attribution));
  map.setView([40, 20], 2);
  controls.hidden = false;

  var background = L.geoJSON(null, {
    interactive: false,
    style: { fillColor: "#d9dcdf", fillOpacity: 1, color: "#ffffff", weight: 0.6 },
  }).addTo(map);

  function cell(properties) {
    return properties.tracks[choice("map-track")] || null;
  }

  function style(feature) {
    var p = feature.properties;
    var c = cell(p);
    if (p.reference || !c) {
      return { fillColor: colour("primary"), fillOpacity: 0.35, color: colour("primary"), weight: 3 };
    }
    if (choice("map-mode") === "advised") {
      // An open range (missing judgements) has its own colour, as in the tables.
      var level = c.advised_best === c.advised_worst ? c.advised_best : "open";
      return { fillColor: colour("level-" + level), fillOpacity: 0.85, color: "#ffffff", weight: 1 };
    }
    if (!c.decided) {
      return { fillColor: "#ffffff", fillOpacity: 0.9, color: colour("text"), weight: 1 };
    }
    return { fillColor: colour("level-" + c.decided), fillOpacity: 0.85, color: "#ffffff", weight: 1 };
  }

  function levelText(p) {
    var c = cell(p);
    if (p.reference || !c) {
      return labels.reference;
    }
    if (choice("map-mode") === "advised") {
      return labels.advised + ": " + c.advised_label + (c.pending ? " ? (" + labels.pending + ")" : "");
    }
    return labels.decided + ": " + (c.decided_label || labels.noDecision);
  }

  function popup(layer) {
    var p = layer.feature.properties;
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = p.name + " (" + p.code + ")";
    box.appendChild(title);
    var c = cell(p);
    var lines = p.reference || !c
      ? [labels.reference]
      : [labels.decided + ": " + (c.decided_label || labels.noDecision),
         labels.advised + ": " + c.advised_label + (c.pending ? " ? (" + labels.pending + ")" : "")];
    lines.forEach(function (line) {
      var p2 = document.createElement("div");
      p2.textContent = line;
      box.appendChild(p2);
    });
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = labels.profile;
    box.appendChild(link);
    return box;
  }

  var regions = L.geoJSON(null, {
    style: style,
    onEachFeature: function (feature, layer) {
      layer.bindTooltip(function () {
        return escapeHtml(feature.properties.name) + "<br>" + escapeHtml(levelText(feature.properties));
      }, { sticky: true });
      layer.bindPopup(popup);
    },
  }).addTo(map);

  function load(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(
      function (response) {
        if (!response.ok) {
          throw new Error(url + ": " + response.status);
        }
        return response.json();
      }
    );
  }

  load(element.dataset.backgroundUrl).then(function (data) {
    background.addData(data);
    background.bringToBack();
  });
  load(element.dataset.url).then(function (data) {
    regions.addData(data);
    var bounds = regions.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [10, 10], maxZoom: 5 });
    }
  });

  controls.addEventListener("change", function () {
    regions.setStyle(style);
  });

  var EUROPE = L.latLngBounds([42, -6], [64, 30]);
  controls.addEventListener("click", function (event) {
    var view = event.target.getAttribute && event.target.getAttribute("data-map-view");
    if (view === "europe") {
      map.fitBounds(EUROPE);
    } else if (view === "all" && regions.getBounds().isValid()) {
      map.fitBounds(regions.getBounds(), { padding: [10, 10], maxZoom: 5 });
    }
  });
})();
