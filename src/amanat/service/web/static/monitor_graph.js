/* The network graph: draws a neighbourhood laid out on the server with the vendored
   Cytoscape.js (WebGL where the browser has it, else canvas).  No physics runs
   here; the browser only draws, pans and zooms, so thousands of nodes stay fluid.
   Only hubs (the most linked nodes) are named on the drawing, so that names do not
   pile on each other; any other node shows its name while pointed at.  Kinds of
   node may be hidden, and the picture downloaded as PNG. */
(function () {
  "use strict";
  var box = document.getElementById("network-graph");
  if (!box || typeof window.cytoscape !== "function") { return; }
  var COLOURS = { person: "#1f5f8b", group: "#d1495b", "case": "#9aa5b1",
                  vehicle: "#edae49", phone: "#00798c", place: "#66a182" };
  var SIZES = { person: 10, group: 16, "case": 8, vehicle: 7, phone: 7, place: 7 };
  var status = document.getElementById("graph-status");
  var paths = JSON.parse(box.dataset.recordPaths || "{}");
  var cy = null;
  var scale = 1;
  // Hubs named on the drawing: the most linked, a few per hundred nodes, at most 25.
  var HUB_SHARE = 0.02, MOST_HUBS = 25, FEWEST_LINKS = 3;
  var MOST_ZOOM = 3;
  var LABEL_PX = 12;  // names stay this size on screen, whatever the zoom
  var resizing = null;

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, key) { return String(values[key]); });
  }

  // WebGL only on a real GPU: a software one (SwiftShader, llvmpipe) draws slower
  // than the 2D canvas does.
  function hardwareWebgl() {
    try {
      var gl = document.createElement("canvas").getContext("webgl2");
      if (!gl) { return false; }
      var info = gl.getExtension("WEBGL_debug_renderer_info");
      var name = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : "";
      return !/swiftshader|llvmpipe|software/i.test(name);
    } catch (e) { return false; }
  }

  // Nodes and edges of a server answer; ``place`` turns layout units into pixels.
  function elements(data, place) {
    var out = [];
    data.nodes.forEach(function (n) {
      var classes = [n.kind];
      if (n.broker) { classes.push("broker"); }
      if (n.official) { classes.push("official"); }
      if (n.facilitator) { classes.push("facilitator"); }
      if (n.overlap) { classes.push("overlap"); }
      out.push({ group: "nodes", classes: classes.join(" "), position: place(n.x, n.y),
                 data: { id: n.id, label: n.label, named: n.named !== false, kind: n.kind,
                         domains: n.domains,
                         broker: n.broker, official: n.official, facilitator: n.facilitator,
                         overlap: n.overlap, colour: COLOURS[n.kind] || "#666",
                         size: (SIZES[n.kind] || 8) * (n.broker ? 1.8 : 1) } });
    });
    data.edges.forEach(function (e) {
      var a = data.nodes[e[0]].id, b = data.nodes[e[1]].id;
      out.push({ group: "edges", data: { id: a < b ? a + "|" + b : b + "|" + a, source: a, target: b } });
    });
    return out;
  }

  function show(node) {
    var d = node.data();
    var flags = document.getElementById("node-flags");
    var words = [];
    ["broker", "official", "facilitator", "overlap"].forEach(function (f) {
      if (d[f]) { words.push(flags.dataset[f]); }
    });
    var domains = (d.domains || []).map(function (x) { return flags.dataset[x] || x; });
    flags.textContent = words.concat(domains).join(" · ");
    document.getElementById("node-label").textContent = d.label;
    // The kind of record in words; the key ("person:17") stays in the links only.
    var kindOf = document.getElementById("node-key");
    kindOf.textContent = JSON.parse(kindOf.dataset.kinds || "{}")[d.kind] || "";
    var parts = d.id.split(":");
    var record = document.getElementById("node-record");
    record.href = (paths[parts[0]] || "/") + parts[1];
    document.getElementById("node-centre").href =
      "/monitor/networks/graph?around=" + encodeURIComponent(d.id);
    document.getElementById("node-expand").dataset.key = d.id;
    document.getElementById("node-panel").hidden = false;
    document.getElementById("node-none").hidden = true;
  }

  function expand(key) {
    var anchor = cy.getElementById(key);
    fetch(box.dataset.expand + encodeURIComponent(key), { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(function (data) {
        var centre = data.nodes.filter(function (n) { return n.id === key; })[0];
        var at = anchor.position();
        // The new layout is moved so that the node expanded stays where it is.
        var place = function (x, y) {
          return { x: at.x + (x - centre.x) * scale, y: at.y + (y - centre.y) * scale };
        };
        var fresh = elements(data, place).filter(function (el) {
          return cy.getElementById(el.data.id).empty();
        });
        var added = cy.add(fresh.filter(function (el) { return el.group === "nodes"; }));
        cy.add(fresh.filter(function (el) { return el.group === "edges"; }));
        markHubs();
        hideKinds();
        sizeLabels();
        status.textContent = fill(box.dataset.textAdded, { nodes: added.length });
      })
      .catch(function () { status.textContent = box.dataset.textFailed; });
  }

  function markHubs() {
    cy.nodes().removeClass("hub");
    var ranked = cy.nodes().sort(function (a, b) { return b.degree() - a.degree(); });
    var wanted = Math.min(MOST_HUBS, Math.max(1, Math.ceil(ranked.length * HUB_SHARE)));
    ranked.slice(0, wanted).filter(function (n) { return n.degree() >= FEWEST_LINKS; })
      .addClass("hub");
  }

  // Font sizes are in drawing units: names are resized after each zoom (only the
  // few named nodes, so a 5,000-node drawing stays fluid).
  function sizeLabels() {
    var size = LABEL_PX / Math.max(cy.zoom(), 0.01);
    cy.nodes(".hub, .hover, :selected").style("font-size", size);
  }

  function hideKinds() {
    document.querySelectorAll("input[name=show]").forEach(function (box) {
      var nodes = cy.nodes("." + box.value);
      if (box.checked) { nodes.removeClass("hidden"); } else { nodes.addClass("hidden"); }
    });
  }

  function downloadPng() {
    // The whole drawing, its longer side 2,400 pixels whatever the zoom on screen.
    var blob = cy.png({ output: "blob", full: true, maxWidth: 2400, maxHeight: 2400,
                        bg: "#ffffff" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = box.dataset.file || "network.png";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  function failed(response) {
    // The server's own words when it has some (e.g. nothing recorded under a key).
    return response.json().then(function (body) {
      throw { shown: body && body.error ? body.error : box.dataset.textFailed };
    }, function () { throw { shown: box.dataset.textFailed }; });
  }

  function draw(data) {
    var xs = data.nodes.map(function (n) { return n.x; });
    var ys = data.nodes.map(function (n) { return n.y; });
    var extent = Math.max(Math.max.apply(null, xs) - Math.min.apply(null, xs),
                          Math.max.apply(null, ys) - Math.min.apply(null, ys), 1);
    scale = Math.sqrt(data.nodes.length) * 40 / extent;
    var big = data.nodes.length > 1500;
    cy = window.cytoscape({
      container: box,
      elements: elements(data, function (x, y) { return { x: x * scale, y: y * scale }; }),
      layout: { name: "preset" },
      renderer: { name: "canvas", webgl: hardwareWebgl() },
      textureOnViewport: big,
      hideEdgesOnViewport: big,
      pixelRatio: 1,
      motionBlur: false,
      boxSelectionEnabled: false,
      autoungrabify: true,
      minZoom: 0.01,
      maxZoom: 6,
      style: [
        { selector: "node", style: { "background-color": "data(colour)", width: "data(size)",
          height: "data(size)", label: "", "font-size": 11, "min-zoomed-font-size": 5,
          "text-valign": "bottom", "text-margin-y": 2, color: "#111", "border-width": 0,
          "text-background-color": "#fff", "text-background-opacity": 0.85,
          "text-background-padding": 1 } },
        { selector: "node.hub", style: { label: "data(label)", "font-weight": "bold" } },
        { selector: "node.hover", style: { label: "data(label)", "z-index": 10,
          "min-zoomed-font-size": 0 } },
        { selector: "node.hidden", style: { display: "none" } },
        { selector: "node.broker", style: { "border-width": 2, "border-color": "#111" } },
        { selector: "node.facilitator", style: { "border-width": 2, "border-color": "#a05c34" } },
        { selector: "node.overlap", style: { "border-width": 2, "border-color": "#8d6a9f" } },
        { selector: "node.official", style: { "border-width": 2, "border-color": "#b00020",
          shape: "diamond" } },
        { selector: "edge", style: { width: 0.6, "line-color": "#c3cad3", "curve-style": "haystack" } },
        { selector: "node:selected", style: { "border-width": 4, "border-color": "#ffb000",
          label: "data(label)", "min-zoomed-font-size": 0 } }
      ]
    });
    cy.on("tap", "node", function (event) { show(event.target); });
    cy.on("mouseover", "node", function (event) {
      event.target.addClass("hover");
      sizeLabels();
    });
    cy.on("zoom", function () {
      clearTimeout(resizing);
      resizing = setTimeout(sizeLabels, 80);
    });
    cy.on("select", "node", sizeLabels);
    cy.on("mouseout", "node", function (event) { event.target.removeClass("hover"); });
    markHubs();
    hideKinds();
    window.amanatGraph = cy;
    box.dataset.renderer = cy.renderer().webgl ? "webgl" : "canvas";
    // Two animation frames: the first draw has happened (tests wait for this mark).
    requestAnimationFrame(function () {
      requestAnimationFrame(function () { box.dataset.ready = String(cy.nodes().length); });
    });
    // A small neighbourhood is not blown up to fill the box: names stay at their size.
    if (cy.zoom() > MOST_ZOOM) { cy.zoom(MOST_ZOOM); cy.center(); }
    sizeLabels();
    var centre = cy.getElementById(data.centre);
    if (centre.nonempty()) {
      centre.select();
      show(centre);
      // The centre by its name in the box where it was typed (not as kind:id).
      var typed = document.getElementById("g-around");
      // Only while the box holds what the server wrote: never over what the user types.
      if (typed && typed.value === typed.defaultValue && centre.data("named")) {
        typed.value = centre.data("label");
      }
    }
    var text = fill(box.dataset.textLoaded, { nodes: data.nodes.length, edges: data.edges.length });
    if (data.alone) { text = box.dataset.textAlone; }
    status.textContent = data.truncated ? text + " " + box.dataset.textTruncated : text;
  }

  document.getElementById("node-expand").addEventListener("click", function (event) {
    var key = event.currentTarget.dataset.key;
    if (cy && key) { expand(key); }
  });
  document.querySelectorAll("input[name=show]").forEach(function (input) {
    input.addEventListener("change", function () { if (cy) { hideKinds(); } });
  });
  document.getElementById("graph-png").addEventListener("click", function () {
    if (cy) { downloadPng(); }
  });
  fetch(box.dataset.source, { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : failed(r); })
    .then(draw)
    .catch(function (error) {
      status.textContent = (error && error.shown) || box.dataset.textFailed;
    });
}());
