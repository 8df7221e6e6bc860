/* The globe page: the register's launches in CesiumJS from the app's CZML, offline.
   The vendored Cesium draws the bundled Natural Earth II imagery on the WGS-84 ellipsoid
   (no terrain, no Ion, no network).  The CZML's clock drives the timeline: a flight's arc
   is drawn from its launch on, so moving the time line shows the record up to that time;
   "play" runs the whole record or one launch (its interval from the CZML's document
   properties).  A click on a flight opens its event page.  window.lwGlobe exposes the
   state for tests and the bench. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("globe-config").textContent);
  var status = document.getElementById("globe-status");
  var tip = document.getElementById("globe-tip");
  var state = { ready: false, error: null, frames: 0, frameTimes: [], firstFrameMs: null,
                loadedMs: null, t0: performance.now() };
  window.lwGlobe = state;

  function say(text) { if (status) { status.textContent = text; } }

  function webgl() {
    try {
      var c = document.createElement("canvas");
      return !!(window.WebGLRenderingContext && (c.getContext("webgl2") || c.getContext("webgl")));
    } catch (e) { return false; }
  }
  var viewer;
  if (!webgl()) {
    state.error = "WebGL is not available in this browser";
    say(state.error + " — use the 2-D overview (/overview).");
    return;
  }
  try {
    viewer = new Cesium.Viewer("globe", {
      baseLayer: Cesium.ImageryLayer.fromProviderAsync(
        Cesium.TileMapServiceImageryProvider.fromUrl(Cesium.buildModuleUrl("Assets/Textures/NaturalEarthII"))),
      terrainProvider: new Cesium.EllipsoidTerrainProvider(),
      geocoder: false, baseLayerPicker: false, sceneModePicker: false, navigationHelpButton: false,
      homeButton: false, fullscreenButton: false, infoBox: false, selectionIndicator: false,
      animation: !cfg.embed, timeline: true, shouldAnimate: false,
      // draw only when something changes (the camera, the data, tiles, a running clock):
      // a paused globe costs no CPU on machines rendering WebGL in software
      requestRenderMode: true, maximumRenderTimeChange: 0.0,
      contextOptions: { webgl: { preserveDrawingBuffer: true } }
    });
  } catch (e) {
    state.error = "WebGL is not available here: " + e.message;
    say(state.error + " — use the 2-D overview.");
    return;
  }
  state.viewer = viewer;
  var scene = viewer.scene;
  scene.globe.enableLighting = false;
  scene.skyAtmosphere.show = true;

  /* WebGL drawn on the CPU (SwiftShader, llvmpipe: no GPU) costs per pixel: there the globe
     draws at half resolution without the atmosphere, fog and anti-aliasing passes, so that
     a playing clock stays usable; the button (remembered in this browser) switches to full. */
  function rendererName() {
    try {
      var gl = scene.context._gl, ext = gl.getExtension("WEBGL_debug_renderer_info");
      return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    } catch (e) { return ""; }
  }
  var full = false;
  try { full = window.localStorage.getItem("lwGlobeRender") === "full"; } catch (e) { full = false; }
  state.renderer = rendererName();
  state.software = /swiftshader|llvmpipe|softpipe|software/i.test(state.renderer);
  state.reduced = state.software && !full;
  if (state.reduced) {
    viewer.resolutionScale = 0.5;
    scene.fog.enabled = false;
    scene.skyAtmosphere.show = false;
    scene.globe.showGroundAtmosphere = false;
    scene.postProcessStages.fxaa.enabled = false;
  }
  var toggle = document.getElementById("render-toggle");
  if (toggle && state.software) {
    toggle.hidden = false;
    toggle.textContent = state.reduced ? "software WebGL: half resolution · full" : "software WebGL: full resolution · faster";
    toggle.title = "This browser draws WebGL without a GPU (" + state.renderer + ")";
    toggle.addEventListener("click", function () {
      try { window.localStorage.setItem("lwGlobeRender", state.reduced ? "full" : "reduced"); } catch (e) { /* private mode */ }
      window.location.reload();
    });
  }
  var last = null;
  scene.postRender.addEventListener(function () {
    var now = performance.now();
    state.frames += 1;
    if (state.firstFrameMs === null && state.ready) { state.firstFrameMs = now - state.t0; }
    if (last !== null && state.frameTimes.length < 5000) { state.frameTimes.push(now - last); }
    last = now;
  });

  var home = cfg.home;
  viewer.camera.setView({ destination: Cesium.Cartesian3.fromDegrees(home.lon, home.lat, home.height),
                          orientation: { heading: 0, pitch: Cesium.Math.toRadians(-75), roll: 0 } });

  /* the round's flights seen across their mean ground track, framed to fit the canvas */
  function sideView(v) {
    var pts = [];
    state.source.entities.values.forEach(function (e) {
      if (e.polyline && /\/arc$/.test(e.id)) {
        pts = pts.concat(e.polyline.positions.getValue(viewer.clock.currentTime) || []);
      }
    });
    var offset = new Cesium.HeadingPitchRange(Cesium.Math.toRadians(v.heading), Cesium.Math.toRadians(-4), 0);
    if (pts.length) {
      var sphere = Cesium.BoundingSphere.fromPoints(pts);
      viewer.camera.viewBoundingSphere(sphere, offset);
    } else {
      offset.range = v.range;
      viewer.camera.lookAt(Cesium.Cartesian3.fromDegrees(v.lon, v.lat, v.height), offset);
    }
    viewer.camera.lookAtTransform(Cesium.Matrix4.IDENTITY);
  }

  function isPath(e) { return /\/(arc|reported)$/.test(e.id); }

  /* ids of the paths drawn at the clock's time */
  state.drawn = function () {
    var t = viewer.clock.currentTime, out = [];
    if (!state.source) { return out; }
    state.source.entities.values.forEach(function (e) {
      if (isPath(e) && e.isShowing && e.isAvailable(t)) { out.push(e.id); }
    });
    return out;
  };

  var intervals = {};
  function playWhole() {
    var c = state.source.clock;
    viewer.clock.startTime = c.startTime.clone();
    viewer.clock.stopTime = c.stopTime.clone();
    viewer.clock.multiplier = c.multiplier;
    viewer.timeline.zoomTo(c.startTime, c.stopTime);
  }
  function playLaunch(id) {
    var iv = intervals[id];
    if (!iv) { playWhole(); return; }
    var a = Cesium.JulianDate.fromIso8601(iv[0]), b = Cesium.JulianDate.fromIso8601(iv[1]);
    var pad = Math.max(30, Cesium.JulianDate.secondsDifference(b, a) * 0.05);
    viewer.clock.startTime = Cesium.JulianDate.addSeconds(a, -pad, new Cesium.JulianDate());
    viewer.clock.stopTime = Cesium.JulianDate.addSeconds(b, pad, new Cesium.JulianDate());
    viewer.clock.currentTime = viewer.clock.startTime.clone();
    viewer.clock.multiplier = Math.max(1, Math.round(Cesium.JulianDate.secondsDifference(b, a) / 40));
    viewer.clock.clockRange = Cesium.ClockRange.CLAMPED;
    viewer.timeline.zoomTo(viewer.clock.startTime, viewer.clock.stopTime);
    viewer.clock.shouldAnimate = true;
  }
  state.playLaunch = playLaunch;

  say("loading the flights…");
  fetch(cfg.czml).then(function (r) {
    if (!r.ok) { return r.json().then(function (b) { throw new Error(b.detail || ("HTTP " + r.status)); }); }
    return r.json();
  }).then(function (czml) {
    var d = czml[0] || {};
    intervals = (d.properties && d.properties.launches) || {};
    var sel = document.getElementById("play-launch");
    Object.keys(intervals).forEach(function (id) {
      var o = document.createElement("option");
      o.value = id;
      o.textContent = id.replace(/\/(\d+)$/, " #$1") + " · " + intervals[id][0].replace("T", " ");
      sel.appendChild(o);
    });
    return Cesium.CzmlDataSource.load(czml);
  }).then(function (ds) {
    state.source = ds;
    return viewer.dataSources.add(ds);
  }).then(function (ds) {
    viewer.clockTrackedDataSource = ds;
    if (ds.clock) { viewer.timeline.zoomTo(ds.clock.startTime, ds.clock.stopTime); }
    if (cfg.view) { sideView(cfg.view); }
    var n = state.drawn().length;
    state.ready = true;
    state.loadedMs = performance.now() - state.t0;
    say(n + " path(s) drawn at the time line's time" + (cfg.view ? "; apogee " + cfg.view.apogee_km + " km" : ""));
    scene.requestRender();
  }).catch(function (e) {
    state.error = String(e && e.message || e);
    say("could not load the flights: " + state.error);
  });

  document.getElementById("play-button").addEventListener("click", function () {
    var id = document.getElementById("play-launch").value;
    if (id) { playLaunch(id); } else {
      playWhole();
      viewer.clock.currentTime = viewer.clock.startTime.clone();
      viewer.clock.shouldAnimate = true;
    }
  });
  document.getElementById("show-all").addEventListener("click", function () {
    if (!state.source) { return; }
    playWhole();
    viewer.clock.shouldAnimate = false;
    viewer.clock.currentTime = state.source.clock.stopTime.clone();
  });
  viewer.clock.onTick.addEventListener(function () {
    if (state.ready && !cfg.embed) {
      var n = 0, t = viewer.clock.currentTime;
      state.source.entities.values.forEach(function (e) { if (isPath(e) && e.isAvailable(t)) { n += 1; } });
      say(n + " path(s) drawn · " + Cesium.JulianDate.toIso8601(t, 0).replace("T", " "));
    }
  });

  /* a click on a flight (its arc, moving point, landing or launch point) opens its event */
  var handler = new Cesium.ScreenSpaceEventHandler(scene.canvas);
  function entityAt(pos) {
    var picked = scene.pick(pos);
    var e = picked && picked.id;
    return e && e.properties && e.properties.url ? e : null;
  }
  handler.setInputAction(function (m) {
    var e = entityAt(m.position);
    if (e) {
      var url = e.properties.url.getValue(viewer.clock.currentTime);
      state.clicked = url;
      window.location.href = url;
    }
  }, Cesium.ScreenSpaceEventType.LEFT_CLICK);
  handler.setInputAction(function (m) {
    var e = entityAt(m.endPosition);
    if (!e) { tip.hidden = true; scene.canvas.style.cursor = ""; return; }
    var p = e.properties.getValue(viewer.clock.currentTime);
    var figs = [];
    if (p.distance_km !== null && p.distance_km !== undefined) { figs.push(p.distance_km + " km range"); }
    if (p.apogee_km !== null && p.apogee_km !== undefined) { figs.push(p.apogee_km + " km apogee"); }
    tip.textContent = e.name + " · " + p.path + " · " + p.outcome + (figs.length ? " · " + figs.join(", ") : "");
    tip.style.left = (m.endPosition.x + 14) + "px";
    tip.style.top = (m.endPosition.y + 14) + "px";
    tip.hidden = false;
    scene.canvas.style.cursor = "pointer";
  }, Cesium.ScreenSpaceEventType.MOUSE_MOVE);
})();
