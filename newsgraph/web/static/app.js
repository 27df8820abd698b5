// newsgraph article view: who said a quote (hover or click), entity highlighting.
// Reads only data-* attributes the server wrote and sets textContent: never builds HTML.
(function () {
  "use strict";
  const tip = document.getElementById("tip");
  const text = document.getElementById("text");
  if (!tip || !text) return;
  let pinned = null;

  // The server sets title="" for browsers without script; the custom tooltip replaces it.
  document.querySelectorAll(".q[title], .spk[title]").forEach((el) => {
    el.dataset.title = el.getAttribute("title");
    el.removeAttribute("title");
  });

  function pieces(id) {
    return document.querySelectorAll('.q[data-q="' + CSS.escape(id) + '"]');
  }
  function show(q, x, y) {
    tip.replaceChildren();
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = q.dataset.speaker || "unknown speaker";
    const what = document.createElement("span");
    what.className = "what";
    what.textContent = q.dataset.kind + " quote" + (q.dataset.cue ? " · “" + q.dataset.cue + "”" : "");
    tip.append(who, what);
    tip.hidden = false;
    const r = tip.getBoundingClientRect();
    const left = Math.min(x + 12, window.scrollX + document.documentElement.clientWidth - r.width - 8);
    tip.style.left = Math.max(8, left) + "px";
    tip.style.top = y + 18 + "px";
  }
  function mark(id, on) {
    pieces(id).forEach((el) => el.classList.toggle("on", on));
  }
  function quoteOf(target) {
    const el = target.closest && target.closest(".q, .spk, .cue");
    if (!el) return null;
    return el.classList.contains("q") ? el : pieces(el.dataset.q)[0] || null;
  }
  document.addEventListener("mouseover", (ev) => {
    const q = quoteOf(ev.target);
    if (!q || pinned) return;
    mark(q.dataset.q, true);
    show(q, ev.pageX, ev.pageY);
  });
  document.addEventListener("mouseout", (ev) => {
    const q = quoteOf(ev.target);
    if (!q || pinned) return;
    mark(q.dataset.q, false);
    tip.hidden = true;
  });
  document.addEventListener("click", (ev) => {
    const q = quoteOf(ev.target);
    if (pinned) mark(pinned, false);
    if (!q || pinned === q.dataset.q) { pinned = null; tip.hidden = true; return; }
    pinned = q.dataset.q;
    mark(pinned, true);
    show(q, ev.pageX, ev.pageY);
  });

  // Keyboard: focusing a quote (Tab) shows who said it.
  document.addEventListener("focusin", (ev) => {
    const q = quoteOf(ev.target);
    if (!q || pinned) return;
    const r = q.getBoundingClientRect();
    mark(q.dataset.q, true);
    show(q, r.left + window.scrollX, r.bottom + window.scrollY - 12);
  });
  document.addEventListener("focusout", (ev) => {
    const q = quoteOf(ev.target);
    if (!q || pinned) return;
    mark(q.dataset.q, false);
    tip.hidden = true;
  });

  // Hovering an entity in the side list marks its mentions in the text.
  document.querySelectorAll(".entities li[data-ent]").forEach((li) => {
    const els = () => text.querySelectorAll('.ent[data-ent="' + CSS.escape(li.dataset.ent) + '"]');
    li.addEventListener("mouseenter", () => { li.classList.add("on"); els().forEach((e) => e.classList.add("on")); });
    li.addEventListener("mouseleave", () => { li.classList.remove("on"); els().forEach((e) => e.classList.remove("on")); });
  });
})();
