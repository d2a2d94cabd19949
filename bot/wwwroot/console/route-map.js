// Route map of the staff console: turns the server-drawn SVG into a Leaflet map when Leaflet is present.
// Without a tile server (Console:MapTileUrl empty) Leaflet draws no background, but the stops, the route line and
// the labels still show. Data comes from <script type="application/json" id="route-data"> (no inline script).
(function () {
  "use strict";
  var el = document.getElementById("route-map");
  var dataEl = document.getElementById("route-data");
  if (!el || !dataEl || typeof window.L === "undefined") return; // keep the SVG
  var data = JSON.parse(dataEl.textContent);
  var stops = data.stops.filter(function (s) { return isFinite(s.lat) && isFinite(s.lon); });
  el.innerHTML = "";
  var map = L.map(el, { zoomSnap: 0.25 });
  if (data.tiles) L.tileLayer(data.tiles, { maxZoom: 19, attribution: data.attribution || "" }).addTo(map);
  var depot = [data.depot.lat, data.depot.lon];
  var line = [depot].concat(stops.map(function (s) { return [s.lat, s.lon]; })).concat([depot]);
  L.polyline(line, { color: "#0b5d8f", weight: 4, dashArray: "10 6", opacity: 0.85 }).addTo(map);
  L.circleMarker(depot, { radius: 9, color: "#fff", weight: 3, fillColor: "#a15c00", fillOpacity: 1 })
    .bindTooltip(data.depot.label, { permanent: true, direction: "right" }).addTo(map);
  stops.forEach(function (s) {
    L.circleMarker([s.lat, s.lon], { radius: 12, color: "#fff", weight: 3, fillColor: "#0b5d8f", fillOpacity: 1 })
      .bindTooltip(s.label, { permanent: true, direction: "right", offset: [10, 0] }).addTo(map);
  });
  map.fitBounds(L.latLngBounds(line), { paddingTopLeft: [40, 40], paddingBottomRight: [220, 40] }); // room for the labels on the right
})();
