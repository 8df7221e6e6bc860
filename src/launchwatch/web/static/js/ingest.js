/* Ingest page: send the report to POST /api/ingest, show the draft (fields with their
   text spans, flags) and the diff storing it would make, and commit exactly that diff
   (its id is sent back) with the bearer token typed on the page. */
(function () {
  "use strict";
  var form = document.getElementById("ingest-form");
  var status = document.getElementById("ingest-status");
  var commitStatus = document.getElementById("commit-status");
  var last = null;
  var diffId = null;

  function say(node, text, ok) {
    node.textContent = text;
    node.className = "status " + (ok ? "ok" : "bad");
  }

  function body(commit) {
    var fd = new FormData();
    var file = document.getElementById("report-file").files[0];
    if (file) { fd.append("file", file, file.name); } else { fd.append("text", document.getElementById("report-text").value); }
    var d = document.getElementById("report-date").value;
    var u = document.getElementById("report-url").value;
    if (d) { fd.append("report_date", d); }
    if (u) { fd.append("url", u); }
    fd.append("commit", commit ? "true" : "false");
    if (commit && diffId) { fd.append("diff", diffId); }
    return fd;
  }

  function show(value) {
    if (value === null || value === undefined) { return "—"; }
    if (typeof value === "object") {
      if ("name" in value && "lat" in value) {
        return value.name + (value.lat === null ? "" : " (" + (value.lat * 180 / Math.PI).toFixed(2) + "°, " + (value.lon * 180 / Math.PI).toFixed(2) + "°)");
      }
      return JSON.stringify(value);
    }
    return String(value);
  }

  function unit(name, v) {
    if (typeof v !== "number") { return show(v); }
    if (name === "distance" || name === "apogee") { return (v / 1000).toLocaleString("en", { maximumFractionDigits: 1 }) + " km"; }
    if (name === "bearing") { return (v * 180 / Math.PI).toFixed(0) + "°"; }
    if (name === "flight_time") { return v.toFixed(0) + " s"; }
    return String(v);
  }

  function render(res, text) {
    document.getElementById("draft").hidden = false;
    document.getElementById("draft-key").textContent = res.key ? res.key : "(no date: no event)";
    var tbody = document.querySelector("#draft-fields tbody");
    tbody.textContent = "";
    var marks = [];
    Object.keys(res.fields).forEach(function (name) {
      var v = res.fields[name];
      var items = Array.isArray(v) ? v : (v ? [v] : []);
      if (!items.length) {
        var tr0 = tbody.insertRow();
        tr0.className = "missing";
        [name, "—", "", "", ""].forEach(function (c) { tr0.insertCell().textContent = c; });
        return;
      }
      items.forEach(function (x) {
        var tr = tbody.insertRow();
        tr.dataset.field = name;
        [name, unit(name, x.value), x.text ? "“" + x.text + "”" : "", x.span[1] > x.span[0] ? x.span[0] + "–" + x.span[1] : "",
          x.confidence.toFixed(2)].forEach(function (c) { tr.insertCell().textContent = c; });
        if (x.span[1] > x.span[0]) { marks.push({ a: x.span[0], b: x.span[1], name: name }); }
      });
    });
    var flags = document.getElementById("draft-flags");
    flags.textContent = "";
    res.flags.forEach(function (f) { var li = document.createElement("li"); li.textContent = f; flags.appendChild(li); });
    var pre = document.getElementById("draft-text");
    pre.textContent = "";
    marks.sort(function (p, q) { return p.a - q.a || q.b - p.b; });
    var at = 0;
    marks.forEach(function (m) {
      if (m.a < at) { return; }
      pre.appendChild(document.createTextNode(text.slice(at, m.a)));
      var mk = document.createElement("mark");
      mk.title = m.name;
      mk.textContent = text.slice(m.a, m.b);
      var sup = document.createElement("sup");
      sup.textContent = m.name;
      mk.appendChild(sup);
      pre.appendChild(mk);
      at = m.b;
    });
    pre.appendChild(document.createTextNode(text.slice(at)));
    var diff = document.getElementById("draft-diff");
    diff.textContent = res.diff ? res.diff.rounds.map(function (d) { return d.lines.join("\n"); }).join("\n") : "no round to store";
    diffId = res.diff ? res.diff.id : null;
  }

  function errorText(r, j) {
    return "HTTP " + r.status + ": " + (j && j.detail ? (typeof j.detail === "string" ? j.detail : JSON.stringify(j.detail)) : r.statusText);
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    say(status, "reading…", true);
    Promise.resolve().then(function () {
      return fetch("/api/ingest", { method: "POST", body: body(false) }).then(function (r) {
        return r.json().catch(function () { return null; }).then(function (j) {
          if (!r.ok) { say(status, errorText(r, j), false); return; }
          last = j.text;
          render(j, j.text);
          say(status, j.key ? "draft round " + j.key + ": review it and its diff, then commit with the token" : "no event could be drafted", !!j.key);
          commitStatus.textContent = "";
        });
      });
    }).catch(function (err) { say(status, String(err), false); });
  });

  document.getElementById("commit-form").addEventListener("submit", function (e) {
    e.preventDefault();
    if (last === null) { say(commitStatus, "read a report first", false); return; }
    var token = document.getElementById("token").value;
    var headers = {};
    if (token) { headers.Authorization = "Bearer " + token; }
    say(commitStatus, "storing…", true);
    fetch("/api/ingest", { method: "POST", body: body(true), headers: headers }).then(function (r) {
      return r.json().catch(function () { return null; }).then(function (j) {
        if (!r.ok) { say(commitStatus, "refused: " + errorText(r, j), false); return; }
        commitStatus.textContent = "";
        commitStatus.className = "status ok";
        commitStatus.appendChild(document.createTextNode("stored: " + j.key + " (" +
          (j.stored.added ? "added" : j.stored.merged ? "merged" : "unchanged") + "; round " + j.stored.round + " of " + j.stored.year + ") "));
        var a = document.createElement("a");
        a.href = "/events/" + encodeURIComponent(j.key);
        a.id = "stored-link";
        a.textContent = "open the event";
        commitStatus.appendChild(a);
      });
    }).catch(function (err) { say(commitStatus, String(err), false); });
  });
}());
