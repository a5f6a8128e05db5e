/* The overview's map: the regions of the tables coloured by level, European regions on NUTS
   outlines, other countries on country outlines, all countries in light grey underneath, and a
   marker for a region without an outline (a point with its source in the data folder).
   No tile layer: Kompas works offline and calls no third party. The page's tables hold the same
   information; this map is a picture of them.

   How it paints (the legend under the map says the same):
   - decided level: the level's colour; a region without a decision in the round (a candidate,
     or a region the documents describe) hatched with a dashed outline, less prominent than the
     focus regions;
   - advised level: the level's colour where the advice is one level; a range (judgements still
     missing) striped in the colours of its worst and its best level; a region without a
     decision lighter, with a dashed outline.

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
  var SVG = "http://www.w3.org/2000/svg"; // a namespace name, not a request

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

  // SVG patterns, in a hidden SVG of their own: Leaflet's paths refer to them by id.
  var defs = (function () {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("width", "0");
    svg.setAttribute("height", "0");
    svg.style.position = "absolute";
    var found = document.createElementNS(SVG, "defs");
    svg.appendChild(found);
    document.body.appendChild(svg);
    return found;
  })();

  function pattern(id, parts) {
    if (!document.getElementById(id)) {
      var node = document.createElementNS(SVG, "pattern");
      node.setAttribute("id", id);
      node.setAttribute("patternUnits", "userSpaceOnUse");
      node.setAttribute("width", "8");
      node.setAttribute("height", "8");
      node.setAttribute("patternTransform", "rotate(45)");
      parts.forEach(function (part) {
        var rect = document.createElementNS(SVG, "rect");
        Object.keys(part).forEach(function (key) {
          rect.setAttribute(key, part[key]);
        });
        node.appendChild(rect);
      });
      defs.appendChild(node);
    }
    return "url(#" + id + ")";
  }

  // A range: stripes of the worst level's colour and the best level's.
  function stripes(worst, best) {
    return pattern("kompas-range-" + worst + "-" + best, [
      { x: "0", y: "0", width: "4", height: "8", fill: colour("level-" + worst) },
      { x: "4", y: "0", width: "4", height: "8", fill: colour("level-" + best) },
    ]);
  }

  // No decision: thin hatching on white.
  function hatching() {
    return pattern("kompas-undecided", [
      { x: "0", y: "0", width: "8", height: "8", fill: "#ffffff" },
      { x: "0", y: "0", width: "1.5", height: "8", fill: colour("text-subtle") },
    ]);
  }

  // Europe from Crete to the North Cape, from Ireland and Portugal to Finland.
  var EUROPE = L.latLngBounds([35, -10.5], [71.5, 32]);
  var map = L.map(element, { zoomSnap: 0.5, minZoom: 1, maxZoom: 9 });
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  map.attributionControl.addAttribution(escapeHtml(labels.attribution));
  map.fitBounds(EUROPE);
  element.kompasMap = map; // for the browser tests (tests/browser/test_map.py)
  controls.hidden = false;

  var background = L.geoJSON(null, {
    interactive: false,
    style: { fillColor: "#d9dcdf", fillOpacity: 1, color: "#ffffff", weight: 0.6 },
  }).addTo(map);

  function cell(properties) {
    return properties.tracks[choice("map-track")] || null;
  }

  function undecided(properties) {
    return !properties.section;
  }

  function style(feature) {
    var p = feature.properties;
    var c = cell(p);
    var marker = feature.geometry.type === "Point";
    var edge = marker ? { color: colour("text"), weight: 2 } : { color: "#ffffff", weight: 1 };
    if (p.reference || !c) {
      return { fillColor: colour("primary"), fillOpacity: 0.35, color: colour("primary"), weight: 3 };
    }
    var quiet = undecided(p) ? { color: colour("text"), weight: 1.5, dashArray: "4 3" } : edge;
    if (choice("map-mode") === "advised") {
      var fill = c.advised_best === c.advised_worst
        ? colour("level-" + c.advised_best)
        : stripes(c.advised_worst, c.advised_best);
      return L.extend({ fillColor: fill, fillOpacity: undecided(p) ? 0.45 : 0.9 }, quiet);
    }
    if (!c.decided) {
      return L.extend({ fillColor: hatching(), fillOpacity: 0.9 }, quiet);
    }
    return L.extend({ fillColor: colour("level-" + c.decided), fillOpacity: 0.9, dashArray: null }, edge);
  }

  function lines(p) {
    var c = cell(p);
    if (p.reference || !c) {
      return [labels.reference];
    }
    var advised = labels.advised + ": " + c.advised_label + (c.pending ? " ? (" + labels.pending + ")" : "");
    var decided = labels.decided + ": " + (c.decided_label || labels.noDecision);
    var found = choice("map-mode") === "advised" ? [advised, decided] : [decided, advised];
    if (p.point) {
      found.push(labels.position + " " + p.point.section + " (" + labels.source + ": " + p.point.source + ")");
    }
    return found;
  }

  function popup(layer) {
    var p = layer.feature.properties;
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = p.name + " (" + p.code + ")";
    box.appendChild(title);
    lines(p).forEach(function (line) {
      var row = document.createElement("div");
      row.textContent = line;
      box.appendChild(row);
    });
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = labels.profile;
    box.appendChild(link);
    return box;
  }

  var regions = L.geoJSON(null, {
    style: style,
    pointToLayer: function (feature, latlng) {
      return L.circleMarker(latlng, { radius: 8 });
    },
    onEachFeature: function (feature, layer) {
      layer.bindTooltip(function () {
        var shown = lines(feature.properties).slice(0, 1);
        return [feature.properties.name].concat(shown).map(escapeHtml).join("<br>");
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
    element.setAttribute("data-loaded", String(data.features.length));
  });

  function legend() {
    var mode = choice("map-mode");
    document.querySelectorAll("[data-map-mode]").forEach(function (node) {
      node.hidden = node.getAttribute("data-map-mode") !== mode;
    });
  }

  controls.addEventListener("change", function () {
    regions.setStyle(style);
    legend();
  });
  legend();

  controls.addEventListener("click", function (event) {
    var view = event.target.getAttribute && event.target.getAttribute("data-map-view");
    if (view === "europe") {
      map.fitBounds(EUROPE);
    } else if (view === "all" && regions.getBounds().isValid()) {
      map.fitBounds(regions.getBounds(), { padding: [10, 10], maxZoom: 5 });
    }
  });
})();
