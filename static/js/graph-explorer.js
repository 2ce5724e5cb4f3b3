/* The research graph explorer: draws graph.json with Cytoscape.js (vendored, static/vendor).
 *
 * The page embeds the first answer (#explorer-data), so the first paint needs no request.
 * Filters redraw in place; selecting a person re-centres on them (new JSON, URL pushed, the
 * server-rendered lists refreshed through htmx). Without JavaScript none of this runs and the
 * page shows the same neighbourhood as lists. Exposes window.bzpeerExplorer for tests.
 */
(function () {
  "use strict";

  const dataEl = document.getElementById("explorer-data");
  const container = document.getElementById("explorer-canvas");
  const form = document.getElementById("explorer-form");
  if (!dataEl || !container || !form || typeof window.cytoscape !== "function") return;

  const details = document.getElementById("explorer-details");
  const legend = document.getElementById("explorer-legend");
  container.hidden = false;
  details.hidden = false;
  legend.hidden = false;

  const COLORS = {
    centre: "#1d6b41",
    researcher: "#1f5fbf",
    work: "#8a8f98",
    topic: "#c27a00",
    institution: "#8a4fc9",
  };
  const SHAPES = {
    researcher: "ellipse",
    work: "round-rectangle",
    topic: "diamond",
    institution: "hexagon",
  };
  const dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  const textColor = dark ? "#e8eaee" : "#1d2330";
  const haloColor = dark ? "#1c2027" : "#ffffff";

  let state = JSON.parse(dataEl.textContent);
  let jsonUrl = container.dataset.jsonUrl;
  let explorerUrl = container.dataset.explorerUrl;

  const cy = window.cytoscape({
    container: container,
    minZoom: 0.1,
    maxZoom: 4,
    wheelSensitivity: 0.3,
    style: [
      {
        selector: "node",
        style: {
          "background-color": (n) => (n.data("depth") === 0 ? COLORS.centre : COLORS[n.data("kind")]),
          shape: (n) => SHAPES[n.data("kind")] || "ellipse",
          width: "data(size)",
          height: "data(size)",
          label: "data(short)",
          "font-size": 11,
          color: textColor,
          "text-outline-color": haloColor,
          "text-outline-width": 2,
          "text-valign": "bottom",
          "text-margin-y": 3,
          "min-zoomed-font-size": 7,
          "border-width": 1,
          "border-color": haloColor,
        },
      },
      { selector: "node[depth = 0]", style: { "font-size": 14, "font-weight": "bold" } },
      {
        selector: "node:selected, node.hover",
        style: { "border-width": 4, "border-color": "#f0a500", label: "data(name)", "z-index": 10 },
      },
      {
        selector: "edge",
        style: {
          width: "data(width)",
          "line-color": dark ? "#55607a" : "#b8bfcc",
          opacity: 0.75,
          "curve-style": "straight",
        },
      },
      { selector: "edge[kind = 'coauthor']", style: { "line-color": dark ? "#7fb0ff" : "#6f95d6" } },
      { selector: "edge[kind = 'studies'], edge[kind = 'affiliated']", style: { "line-style": "dashed", opacity: 0.5 } },
    ],
  });

  function short(label) {
    return label.length > 28 ? label.slice(0, 27) + "…" : label;
  }

  function sizeBy() {
    return form.elements.size ? form.elements.size.value || "works" : "works";
  }

  function nodeSize(n, by) {
    const log = (x) => Math.log2(1 + (x || 0));
    if (n.kind === "researcher") {
      const base = n.depth === 0 ? 26 : 9;
      return Math.min(48, base + 2.5 * log(by === "citations" ? n.citations : n.works));
    }
    if (n.kind === "work") return Math.min(30, 7 + 2 * log(n.citations));
    if (n.kind === "topic") return Math.min(40, 12 + 3 * log(n.works));
    return Math.min(40, 12 + 4 * log(n.people));
  }

  // Only the nodes a reader looks for first carry a label; the rest show theirs on hover.
  function labelled(data) {
    const people = data.nodes
      .filter((n) => n.kind === "researcher" && n.depth > 0)
      .sort((a, b) => a.depth - b.depth || (b.shared_works || 0) - (a.shared_works || 0))
      .slice(0, 16);
    const keep = new Set(people.map((n) => n.id));
    data.nodes.forEach((n) => {
      if (n.depth === 0 || n.kind === "topic" || n.kind === "institution") keep.add(n.id);
    });
    return keep;
  }

  function elements(data) {
    const by = sizeBy();
    const keep = labelled(data);
    const strongest = Math.max(1, ...data.edges.filter((e) => e.kind === "coauthor").map((e) => e.weight));
    const heaviest = Math.max(1, ...data.edges.filter((e) => e.kind !== "coauthor").map((e) => e.weight));
    const nodes = data.nodes.map((n) => ({
      group: "nodes",
      data: Object.assign({}, n, {
        name: short(n.label),
        short: keep.has(n.id) ? short(n.label) : "",
        size: nodeSize(n, by),
      }),
    }));
    const edges = data.edges.map((e, i) => ({
      group: "edges",
      data: Object.assign({}, e, {
        id: "e" + i,
        width:
          e.kind === "coauthor" ? 1 + (7 * e.weight) / strongest : 0.6 + (2 * e.weight) / heaviest,
      }),
    }));
    return nodes.concat(edges);
  }

  // Rings around the centre: depth-1 people, then topics/institutions, works, depth-2 people.
  function ring(n) {
    if (n.data("depth") === 0) return 100;
    switch (n.data("kind")) {
      case "researcher":
        return n.data("depth") === 1 ? 80 : 20;
      case "topic":
      case "institution":
        return 60;
      default:
        return 40;
    }
  }

  function summaryText(data) {
    const parts = [];
    if (data.truncated) {
      parts.push(
        "Showing the " + data.shown + " strongest of " + data.total_nodes +
          " nodes (capped at 300): raise the minimum shared works or narrow the years to see the rest."
      );
    } else {
      parts.push(data.shown + " node" + (data.shown === 1 ? "" : "s") + ".");
    }
    return parts.join(" ");
  }

  function draw(data) {
    state = data;
    cy.elements().remove();
    cy.add(elements(data));
    // Rings first (deterministic), then a force layout from those positions (no randomness),
    // so works settle near their authors and topics near their works.
    cy.layout({
      name: "concentric",
      concentric: ring,
      levelWidth: () => 1,
      minNodeSpacing: 12,
      avoidOverlap: true,
      animate: false,
      padding: 20,
    }).run();
    if (cy.nodes().length > 2) {
      cy.layout({
        name: "cose",
        randomize: false,
        animate: false,
        nodeRepulsion: () => 9000,
        idealEdgeLength: (e) => (e.data("kind") === "coauthor" ? 90 : 60),
        edgeElasticity: () => 80,
        numIter: 800,
        padding: 24,
      }).run();
    }
    const centre = cy.getElementById(data.center);
    centre.select();
    showDetails(centre);
    const summary = document.getElementById("explorer-summary");
    if (summary) summary.textContent = summaryText(data);
    container.dataset.center = data.center;
  }

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    return node;
  }

  function showDetails(node) {
    const d = node.data();
    details.replaceChildren();
    const kind = d.depth === 0 ? "Centre" : { researcher: "Person", work: "Work", topic: "Topic", institution: "Institution" }[d.kind];
    details.append(el("p", kind, { class: "eyebrow" }));
    const h = el("h2");
    h.append(el("a", d.label, { href: d.url }));
    details.append(h);
    const facts = [];
    if (d.kind === "researcher") {
      facts.push(d.works + " works", d.citations + " citations");
      if (d.depth === 1) facts.push(d.shared_works + " shared with the centre");
      if (d.depth === 2) facts.push("co-author of a co-author");
    } else if (d.kind === "work") {
      facts.push(String(d.year), d.citations + " citations", d.own ? "by the centre" : "by a co-author");
    } else if (d.kind === "topic") {
      facts.push(d.works + " works in this neighbourhood");
    } else {
      facts.push(d.people + (d.people === 1 ? " person" : " people") + " in this neighbourhood");
    }
    details.append(el("p", facts.join(" · "), { class: "muted small" }));
    const links = el("p", null, { class: "small" });
    links.append(el("a", "Open page", { href: d.url }));
    if (d.kind === "researcher" && d.depth !== 0) {
      links.append(" · ");
      const b = el("a", "Centre here", { href: d.explorer_url });
      b.addEventListener("click", (event) => {
        event.preventDefault();
        recenter(d);
      });
      links.append(b);
    }
    details.append(links);
  }

  function query() {
    const params = new URLSearchParams();
    const data = new FormData(form);
    for (const [key, value] of data.entries()) {
      if (value !== "" && key !== "size") params.append(key, value);
    }
    if (sizeBy() !== "works") params.set("size", sizeBy());
    const qs = params.toString();
    return qs ? "?" + qs : "";
  }

  function setBusy(busy) {
    container.setAttribute("aria-busy", busy ? "true" : "false");
  }

  async function load(url) {
    setBusy(true);
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      const data = await response.json().catch(() => ({ error: "The server answered " + response.status + "." }));
      if (!response.ok) throw new Error(data.error || "The server answered " + response.status + ".");
      draw(data);
      return data;
    } catch (error) {
      details.replaceChildren(el("p", "Could not load the graph: " + error.message, { class: "notice notice-warning", role: "status" }));
      return null;
    } finally {
      setBusy(false);
    }
  }

  function refreshLists(url) {
    if (window.htmx) {
      window.htmx.ajax("GET", url, { target: "#explorer-lists", swap: "outerHTML" });
    }
  }

  async function recenter(d) {
    const qs = query();
    const data = await load(d.json_url + qs);
    if (!data) return;
    jsonUrl = d.json_url;
    explorerUrl = d.explorer_url;
    form.setAttribute("action", explorerUrl);
    document.querySelectorAll("[data-centre-name]").forEach((s) => (s.textContent = d.label));
    document.getElementById("explorer-back").setAttribute("href", d.url);
    document.title = "Research graph · " + d.label + " · BZPEER";
    history.pushState({ centre: d.explorer_url }, "", explorerUrl + qs);
    refreshLists(explorerUrl + qs);
  }

  async function refilter() {
    const qs = query();
    const data = await load(jsonUrl + qs);
    if (!data) return;
    history.replaceState(history.state, "", explorerUrl + qs);
    refreshLists(explorerUrl + qs);
  }

  cy.on("mouseover", "node", (event) => event.target.addClass("hover"));
  cy.on("mouseout", "node", (event) => event.target.removeClass("hover"));
  cy.on("tap", "node", (event) => {
    const node = event.target;
    cy.elements().unselect();
    node.select();
    showDetails(node);
    if (node.data("kind") === "researcher" && node.data("depth") !== 0) {
      recenter(node.data());
    } else {
      cy.animate({ center: { eles: node } }, { duration: 250 });
    }
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    refilter();
  });
  form.addEventListener("change", (event) => {
    if (event.target.name === "size") {
      cy.nodes().forEach((n) => n.data("size", nodeSize(n.data(), sizeBy())));
      history.replaceState(history.state, "", explorerUrl + query());
      return;
    }
    if (event.target.type === "number" && !event.target.checkValidity()) return;
    refilter();
  });
  // Back/forward across re-centred views: the simplest faithful state is the server's page.
  window.addEventListener("popstate", () => window.location.reload());

  window.bzpeerExplorer = { cy: cy, recenter: recenter, state: () => state };
  draw(state);
})();
