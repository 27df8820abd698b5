// newsgraph graph page: speakers → the entities their quotes mention, drawn with cytoscape.js
// (vendored under /static/vendor). The edges are the page's own (a JSON block the server wrote:
// the strongest links, newsgraph/web/graphview.py), the same as GET /graph?max_nodes=N answers.
(function () {
  "use strict";
  const box = document.getElementById("graph");
  const status = document.getElementById("graph-status");
  const data = document.getElementById("graph-data");
  if (!box || !data || typeof cytoscape !== "function") return;
  const COLOURS = {
    PERSON: "#1d4ed8", ORG: "#b45309", GPE: "#15803d", LOC: "#15803d", NORP: "#6d28d9", EVENT: "#0e7490",
  };
  Promise.resolve(data.textContent)
    .then((json) => JSON.parse(json))
    .then((edges) => {
      const nodes = new Map();
      const said = new Map();
      for (const e of edges) {
        for (const end of [e.source, e.target]) {
          if (!nodes.has(end.id)) nodes.set(end.id, { data: { id: end.id, label: end.name, type: end.type, size: 0 } });
        }
        said.set(e.source.id, (said.get(e.source.id) || 0) + e.weight);
        nodes.get(e.target.id).data.size += e.weight;
      }
      for (const [id, n] of said) nodes.get(id).data.speaker = 1, nodes.get(id).data.size += n;
      // Deterministic start (speakers on an inner circle, the rest outside) so that the layout
      // is the same on every load.
      const ordered = [...nodes.values()].sort(
        (a, b) => (b.data.speaker || 0) - (a.data.speaker || 0) || b.data.size - a.data.size || (a.data.id < b.data.id ? -1 : 1));
      ordered.forEach((n, i) => {
        const angle = (2 * Math.PI * i) / ordered.length;
        const r = n.data.speaker ? 80 : 300;
        n.position = { x: r * Math.cos(angle), y: r * Math.sin(angle) };
      });
      const elements = ordered;
      edges.forEach((e, i) => elements.push({ data: { id: "e" + i, source: e.source.id, target: e.target.id, weight: e.weight } }));
      status.textContent = edges.length
        ? nodes.size + " entities, " + edges.length + " links"
        : "No one is quoted about anyone yet (or no link reaches the minimum).";
      // Node size grows with the quotes an entity is in, within bounds (a very quoted speaker
      // would otherwise cover its neighbours).
      const radius = (n) => Math.min(56, 12 + 3.5 * Math.sqrt(n.data("size")));
      const cy = cytoscape({
        container: box,
        elements,
        wheelSensitivity: 0.3,
        style: [
          { selector: "node", style: {
            "label": "data(label)", "font-size": 12, "font-family": "system-ui, sans-serif", "color": "#1f2328",
            "text-valign": "bottom", "text-margin-y": 4, "text-outline-color": "#fff", "text-outline-width": 2,
            "background-color": (n) => COLOURS[n.data("type")] || "#5b6470",
            "width": (n) => radius(n), "height": (n) => radius(n) } },
          { selector: "node[speaker]", style: { "font-weight": "bold", "border-width": 3, "border-color": "#1f2328" } },
          { selector: "edge", style: {
            "width": (e) => 1 + 1.5 * Math.sqrt(e.data("weight")), "line-color": "#b8c2cc", "target-arrow-color": "#8b949e",
            "target-arrow-shape": "triangle", "curve-style": "bezier", "arrow-scale": 0.9 } },
          { selector: "node:selected", style: { "border-width": 4, "border-color": "#111827" } },
        ],
        layout: {
          name: "cose", animate: false, randomize: false, padding: 24, nodeDimensionsIncludeLabels: true,
          nodeRepulsion: () => 400000, idealEdgeLength: () => 110, nodeOverlap: 40, gravity: 0.6, numIter: 2500,
          boundingBox: { x1: 0, y1: 0, w: box.clientWidth, h: box.clientHeight },
        },
      });
      // Keep names readable (about 12px on screen) however far the view is zoomed out.
      const readable = () => cy.nodes().style("font-size", Math.max(12, 12 / cy.zoom()));
      cy.on("zoom", readable);
      readable();
      cy.on("tap", "node", (ev) => { window.location.href = "/entities/" + encodeURIComponent(ev.target.id()); });
      window.newsgraphGraph = cy;
      status.dataset.nodes = String(nodes.size);
    })
    .catch((err) => {
      status.textContent = "Could not load the graph: " + err.message;
      status.dataset.nodes = "0";
    });
})();
