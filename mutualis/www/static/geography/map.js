/* The one map component of Mutualis (mutualis/geography, docs/geography.md).
 *
 * A <div class="geo-map"> carries its configuration in data attributes:
 *   data-outlines   JSON list of GeoJSON URLs served by Mutualis itself (outlines of the geography)
 *   data-points     id of a <script type="application/json"> holding [{lat, lon, label, url, group}]
 *   data-tiles      optional tile server URL (setting MUTUALIS_MAP_TILES_URL; empty: no tiles at all)
 *   data-attribution  the tile server's attribution, when there is one
 * No request leaves the site unless a tile server is configured.
 */
(function () {
  "use strict";

  var OUTLINE_STYLE = { color: "#4d5a66", weight: 1, fillColor: "#e9eef2", fillOpacity: 0.6 };
  var HIGHLIGHT_STYLE = { color: "#1a4a72", weight: 2, fillColor: "#cfe0ee", fillOpacity: 0.5 };
  var POINT_STYLE = { radius: 6, color: "#ffffff", weight: 1.5, fillColor: "#0b5cad", fillOpacity: 1 };

  function popup(point) {
    var box = document.createElement("div");
    if (point.url) {
      var link = document.createElement("a");
      link.href = point.url;
      link.textContent = point.label;
      box.appendChild(link);
    } else {
      box.textContent = point.label;
    }
    if (point.detail) {
      var detail = document.createElement("div");
      detail.textContent = point.detail;
      box.appendChild(detail);
    }
    return box;
  }

  function init(element) {
    if (element.dataset.ready) return;
    element.dataset.ready = "1";
    var map = L.map(element, { attributionControl: Boolean(element.dataset.tiles), zoomSnap: 0.25 });
    if (element.dataset.tiles) {
      L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution || "", maxZoom: 18 }).addTo(map);
    }
    var bounds = L.latLngBounds([]);
    var points = [];
    var source = element.dataset.points && document.getElementById(element.dataset.points);
    if (source) points = JSON.parse(source.textContent);
    var pointLayer = L.featureGroup();
    points.forEach(function (point) {
      var marker = L.circleMarker([point.lat, point.lon], POINT_STYLE);
      marker.bindPopup(popup(point));
      marker.bindTooltip(point.label);
      marker.addTo(pointLayer);
      bounds.extend([point.lat, point.lon]);
    });
    var urls = JSON.parse(element.dataset.outlines || "[]");
    var highlight = element.dataset.highlight ? element.dataset.highlight.split(",") : [];
    var pending = urls.length;
    function done() {
      pointLayer.addTo(map);
      if (bounds.isValid()) {
        map.fitBounds(bounds.pad(0.08), { maxZoom: 12 });
      } else {
        map.setView([46.6, 2.4], 5);
      }
      element.dataset.rendered = "1";
    }
    if (!pending) done();
    urls.forEach(function (url, index) {
      fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          var layer = L.geoJSON(data, {
            style: function (feature) {
              return highlight.indexOf(feature.properties.code) >= 0 ? HIGHLIGHT_STYLE : OUTLINE_STYLE;
            },
            onEachFeature: function (feature, layer) { layer.bindTooltip(feature.properties.nom); },
          });
          layer.addTo(map);
          layer.bringToBack();
          // The first layer frames the map when there is no point.
          if (!points.length && index === 0 && layer.getBounds().isValid()) bounds.extend(layer.getBounds());
        })
        .catch(function () { /* an outline that fails to load leaves the points on a blank map */ })
        .finally(function () { pending -= 1; if (!pending) done(); });
    });
  }

  function initAll(root) {
    (root || document).querySelectorAll(".geo-map").forEach(init);
  }

  document.addEventListener("DOMContentLoaded", function () { initAll(document); });
  document.addEventListener("htmx:afterSettle", function (event) { initAll(event.target); });
})();
