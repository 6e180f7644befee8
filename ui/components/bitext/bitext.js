// The bitext view of the review page (Streamlit components.v1 protocol, no library, no build step).
// Python sends a window of beads around the current one; this draws them side by side, keeps the current
// bead in view, and sends the user's operations back one at a time, each acknowledged before the next leaves
// (so quick key presses are never lost or merged by Streamlit's reruns).
"use strict";
(function () {
  const root = document.getElementById("root");
  const pane = document.getElementById("pane");
  const keysBar = document.getElementById("keys");
  const KEYS = {
    j: "next", arrowdown: "next", k: "prev", arrowup: "prev", a: "confirm_next", n: "confirm_next_unconfirmed",
    d: "next_doubtful", u: "next_unconfirmed", m: "merge", s: "split_open", e: "push_src", w: "pull_src",
    o: "push_tgt", i: "pull_tgt", z: "undo", y: "redo",
  };
  let args = null; // the last render's arguments
  let current = 1; // the bead shown as current: may run ahead of Python for a local move
  let split = null; // {bead, version, src, tgt} while the split preview is open
  let splitSeen = 0; // the last split request from Python that was acted on
  let message = "";
  const queue = [];
  let inflight = null;
  let inflightAt = 0;
  let lastHeight = 0;
  const base = Date.now() * 1000;
  let counter = 0;
  const sentAt = new Map(); // event id -> when its key was pressed: the latency shown in data-op-ms

  function send(type, data) {
    window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type: type }, data), "*");
  }

  function pending() {
    return queue.length > 0 || (inflight !== null && (!args || args.ack < inflight.id));
  }

  function opPending() {
    // An operation whose resulting bead only Python knows (confirm+next, merge, undo …) is queued or unanswered.
    return queue.some((e) => e.op !== "select") ||
      (inflight !== null && inflight.op !== "select" && (!args || args.ack < inflight.id));
  }

  function pump() {
    // One event at a time: the next leaves once Python acknowledged the last (or after 5 s, if a rerun failed).
    if (inflight !== null && args && args.ack < inflight.id && Date.now() - inflightAt < 5000) return;
    inflight = null;
    const ev = queue.shift();
    if (!ev) return;
    // An operation acts on the bead current when it leaves, i.e. after the ones before it: five quick A's confirm
    // five beads, not the first one five times. A selection or a split keeps the bead it was made on.
    if (ev.bead === undefined) ev.bead = current;
    inflight = ev;
    inflightAt = Date.now();
    send("streamlit:setComponentValue", { value: ev, dataType: "json" });
  }

  function emit(op, extra) {
    const ev = Object.assign({ op: op, id: base + (++counter) }, extra || {});
    sentAt.set(ev.id, [op, performance.now()]);
    const last = queue[queue.length - 1];
    if (op === "select" && last && last.op === "select") queue.pop(); // only the latest selection matters
    queue.push(ev);
    pump();
  }

  function rowOf(n) {
    return args ? args.rows.find((r) => r.n === n) : undefined;
  }

  function move(step) {
    const target = current + step;
    if (args && args.local && rowOf(target) && !opPending()) {
      current = target; // shown at once, told to Python after
      split = null;
      draw();
      emit("select", { bead: current });
    } else {
      emit("step", { step: step });
    }
  }

  function openSplit() {
    const r = rowOf(current);
    if (!r) return;
    if (r.src.length + r.tgt.length < 2) {
      message = "bead " + r.n + " has one sentence: nothing to split";
      draw();
      return;
    }
    split = { bead: r.n, version: args.version, src: r.cut[0], tgt: r.cut[1] };
    message = "";
    draw();
  }

  function splitValid(r) {
    const n = r.src.length, m = r.tgt.length;
    return !((split.src === 0 && split.tgt === 0) || (split.src === n && split.tgt === m));
  }

  function applySplit() {
    const r = rowOf(split.bead);
    if (!r || !splitValid(r)) return;
    emit("split", { bead: split.bead, src_at: split.src, tgt_at: split.tgt });
    split = null;
    draw();
  }

  function closeSplit() {
    split = null;
    if (args && args.split_request) emit("split_cancel", { bead: current });
    draw();
  }

  function splitKey(ev, key) {
    const r = rowOf(split.bead);
    if (!r) { split = null; return; }
    const side = ev.shiftKey ? "tgt" : "src";
    const size = side === "src" ? r.src.length : r.tgt.length;
    if (key === "arrowup" || key === "arrowdown") {
      split[side] = Math.min(Math.max(split[side] + (key === "arrowdown" ? 1 : -1), 0), size);
    } else if (key === "enter") {
      applySplit();
    } else if (key === "escape" || key === "s") {
      closeSplit();
    } else {
      return;
    }
    ev.preventDefault();
    draw();
  }

  function onKey(ev, onPage) {
    // true when the key was the view's. On the page around the view, the arrows stay the page's (scrolling).
    if (!args || ev.ctrlKey || ev.metaKey || ev.altKey) return false;
    const key = ev.key.toLowerCase();
    if (split) { splitKey(ev, key); return ev.defaultPrevented; }
    let op = KEYS[key];
    if (key === "a" && ev.shiftKey) op = "unconfirm";
    if (!op || (onPage && key.startsWith("arrow"))) return false;
    ev.preventDefault();
    message = "";
    const t0 = performance.now();
    if (op === "next" || op === "prev") move(op === "next" ? 1 : -1);
    else if (op === "split_open") openSplit();
    else emit(op);
    root.dataset.keyMs = (performance.now() - t0).toFixed(1); // key to drawn, for moves drawn here at once
    return true;
  }

  document.addEventListener("keydown", (ev) => onKey(ev, false));

  function pageKey(ev) {
    // Keys pressed on the page outside a text box come here too, into the same queue: each acknowledged before
    // the next leaves, where Streamlit's button shortcuts (a rerun each) merged quick presses into one.
    const frame = window.frameElement;
    if (!frame || !frame.isConnected) { // this view was taken off the page: the keys are the page's again
      try { window.parent.removeEventListener("keydown", pageKey, true); } catch (e) { /* gone */ }
      return;
    }
    const t = ev.target;
    if (t === frame || (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" ||
        t.isContentEditable))) return;
    if (onKey(ev, true)) ev.stopImmediatePropagation();
  }
  try { window.parent.addEventListener("keydown", pageKey, true); } catch (e) { /* not same-origin */ }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text; // always text, never HTML: the sentences are shown exactly
    return e;
  }

  function sentence(seg, no, after) {
    const p = el("p", "seg k-" + seg.kind + (after ? " after" : ""));
    p.appendChild(el("span", "no", no));
    for (const [piece, hit] of seg.spans) p.appendChild(hit ? el("mark", "", piece) : document.createTextNode(piece));
    return p;
  }

  function sideCell(r, side, letter, dir) {
    const cell = el("div", "side " + side);
    cell.dir = dir;
    const segs = r[side];
    const cut = split && split.bead === r.n ? split[side] : -1;
    segs.forEach((seg, k) => {
      if (k === cut) cell.appendChild(el("div", "cutline"));
      const p = sentence(seg, letter + (k + 1), cut >= 0 && k >= cut);
      if (cut >= 0) p.addEventListener("click", (ev) => { ev.stopPropagation(); split[side] = k + 1; draw(); });
      cell.appendChild(p);
    });
    if (cut === segs.length && segs.length) cell.appendChild(el("div", "cutline"));
    if (!segs.length) cell.appendChild(el("div", "none", side === "src" ? "(no source sentence)" : "(no target sentence)"));
    return cell;
  }

  function preview(r) {
    const box = el("div", "preview");
    const a = split.src + "-" + split.tgt, b = (r.src.length - split.src) + "-" + (r.tgt.length - split.tgt);
    box.appendChild(document.createTextNode("Split preview: "));
    box.appendChild(el("b", "", r.type));
    box.appendChild(document.createTextNode(" → "));
    box.appendChild(el("b", "", a));
    box.appendChild(document.createTextNode(" + "));
    box.appendChild(el("b", "", b));
    box.appendChild(document.createTextNode(splitValid(r) ? "  ·  ↑↓ source cut · Shift+↑↓ target cut · Enter split · Esc cancel"
      : "  ·  that keeps everything in one bead: move a cut"));
    const go = el("button", "go", "Split (Enter)");
    go.addEventListener("click", (ev) => { ev.stopPropagation(); applySplit(); });
    const no = el("button", "", "Cancel (Esc)");
    no.addEventListener("click", (ev) => { ev.stopPropagation(); closeSplit(); });
    box.appendChild(go);
    box.appendChild(no);
    return box;
  }

  function darkText(hex) {
    const v = parseInt(hex.slice(1), 16);
    return (0.299 * (v >> 16) + 0.587 * ((v >> 8) & 255) + 0.114 * (v & 255)) < 140;
  }

  function rowElement(r) {
    const cur = r.n === current;
    const row = el("div", "row" + (cur ? " cur" : "") + (r.status === "confirmed" ? " confirmed" : "") +
      (cur && split ? " split" : ""));
    row.dataset.bead = r.n;
    row.style.setProperty("--conf", r.colour);
    if (cur && split) {
      row.appendChild(preview(r));
      root.dataset.splitSrc = split.src;
      root.dataset.splitTgt = split.tgt;
    }
    const meta = el("div", "meta");
    meta.appendChild(el("span", "num", "#" + r.n));
    meta.appendChild(el("span", "badge type" + (r.type === "1-1" ? "" : " odd"), r.type));
    const conf = el("span", "badge conf" + (darkText(r.colour) ? " dark" : ""), r.conf.toFixed(2));
    conf.style.background = r.colour;
    conf.title = "confidence " + r.conf.toFixed(2) + (r.doubtful ? " (doubtful)" : "");
    meta.appendChild(conf);
    if (r.status !== "auto") meta.appendChild(el("span", "badge status-" + r.status, r.status));
    for (const k of r.kinds) meta.appendChild(el("span", "badge kind", k));
    if (r.mismatch) meta.appendChild(el("span", "badge mismatch", r.mismatch));
    row.appendChild(meta);
    row.appendChild(sideCell(r, "src", "S", args.dir_src));
    row.appendChild(sideCell(r, "tgt", "T", args.dir_tgt));
    row.addEventListener("click", () => {
      if (split) return;
      root.focus({ preventScroll: true });
      if (r.n !== current) { current = r.n; draw(); emit("select", { bead: current }); }
    });
    return row;
  }

  function keyMap() {
    keysBar.textContent = "";
    let focused = false;
    try { focused = document.hasFocus(); } catch (e) { focused = false; }
    keysBar.appendChild(el("span", focused ? "focus" : "", focused ? "keys on · " : "click here for keys · "));
    if (message) keysBar.appendChild(el("span", "msg", message + " · "));
    for (const [key, label] of args.keymap) {
      keysBar.appendChild(el("kbd", "", key));
      keysBar.appendChild(document.createTextNode(" " + label + "  "));
    }
  }

  function scrollToCurrent() {
    const row = pane.querySelector(".row.cur");
    if (!row) return;
    const h = pane.clientHeight, top = row.offsetTop, bottom = top + row.offsetHeight;
    const prev = row.previousElementSibling;
    // Room above for the previous bead (up to a quarter of the view), the whole current bead when it fits.
    let want = top - Math.min(prev ? prev.offsetHeight : 0, h * 0.25);
    if (bottom - want > h) want = Math.max(top - 4, bottom - h);
    pane.scrollTop = Math.max(0, want);
  }

  function draw() {
    if (!args) return;
    delete root.dataset.splitSrc;
    delete root.dataset.splitTgt;
    root.dataset.current = current;
    root.dataset.version = args.version;
    root.dataset.split = split ? "open" : "";
    document.getElementById("src-title").textContent = args.src_title;
    document.getElementById("tgt-title").textContent = args.tgt_title;
    document.getElementById("src-title").dir = args.dir_src;
    document.getElementById("tgt-title").dir = args.dir_tgt;
    pane.textContent = "";
    for (const r of args.rows) pane.appendChild(rowElement(r));
    keyMap();
    scrollToCurrent();
  }

  function scrollerTop(frame) {
    let e = frame.parentElement;
    while (e) {
      const s = window.parent.getComputedStyle(e).overflowY;
      if ((s === "auto" || s === "scroll") && e.scrollHeight > e.clientHeight) return e.scrollTop;
      e = e.parentElement;
    }
    return window.parent.scrollY || 0;
  }

  function fit() {
    // Fill the browser window below where the view starts, so the page itself need not scroll.
    let h = args && args.height ? args.height : 560;
    try {
      const frame = window.frameElement;
      const top = frame.getBoundingClientRect().top + scrollerTop(frame);
      h = Math.round(Math.min(Math.max(window.parent.innerHeight - top - 12, 300), 1800));
    } catch (e) { /* not same-origin: keep the given height */ }
    root.style.height = h + "px";
    if (h !== lastHeight) {
      lastHeight = h;
      send("streamlit:setFrameHeight", { height: h });
    }
    scrollToCurrent();
  }

  function focusIfFree(force) {
    // Take the keys when nothing else on the page has them; never from a text field being typed in.
    try {
      const a = window.parent.document.activeElement;
      const typing = a && (a.tagName === "INPUT" || a.tagName === "TEXTAREA" || a.isContentEditable);
      const free = !a || a === window.parent.document.body || a === window.frameElement;
      if ((force && !typing) || free) root.focus({ preventScroll: true });
    } catch (e) { /* not same-origin */ }
  }

  function guardUnload(unsaved) {
    // Drafts (typed, not saved) live in this browser session only: with some, a reload or closing the tab asks first.
    try {
      window.parent.onbeforeunload = unsaved > 0 ? (e) => { e.preventDefault(); e.returnValue = ""; return ""; } : null;
      root.dataset.unsaved = unsaved;
    } catch (e) { /* not same-origin */ }
  }

  window.addEventListener("message", function (e) {
    const d = e.data;
    if (!d || d.type !== "streamlit:render") return;
    args = d.args;
    const shows = sentAt.get(args.ack); // the render that shows an operation's result
    sentAt.delete(args.ack);
    const answered = inflight !== null && args.ack >= inflight.id ? inflight : null;
    if (!pending()) {
      current = args.current;
    } else if (answered && answered.op !== "select") {
      // Python has moved to the operation's bead: the queue goes on from there (or from a bead clicked meanwhile).
      const clicked = queue.filter((e) => e.op === "select").pop();
      current = clicked ? clicked.bead : args.current;
    }
    if (split && (split.version !== args.version || split.bead !== current)) split = null;
    let force = false;
    if (args.split_request && args.split_request !== splitSeen) {
      splitSeen = args.split_request;
      if (!pending()) openSplit();
      force = true;
    }
    draw();
    guardUnload(args.unsaved || 0);
    if (shows) { // key press to its result drawn
      root.dataset.opMs = (performance.now() - shows[1]).toFixed(0);
      root.dataset.op = shows[0];
    }
    fit();
    focusIfFree(force);
    pump();
  });
  window.addEventListener("focus", () => args && keyMap());
  window.addEventListener("blur", () => args && keyMap());
  window.addEventListener("resize", fit);
  try { window.parent.addEventListener("resize", () => { try { fit(); } catch (e) { /* unmounted */ } }); } catch (e) { /* */ }
  setInterval(pump, 500);
  send("streamlit:componentReady", { apiVersion: 1 });
})();
