/* lecture_tool viewer: navigation, scaling, #N links, overview, presenter window. No network. */
(function () {
  "use strict";
  var root = document.documentElement;
  var deck = document.getElementById("lt-deck");
  var slides = Array.prototype.slice.call(deck.querySelectorAll(":scope > section"));
  var W = +root.getAttribute("data-width") || 1280;
  var H = +root.getAttribute("data-height") || 720;
  var total = slides.length;
  var current = 0; // 1-based once shown
  var presenter = /^#presenter/.test(location.hash);
  var peer = null; // the other window: presenter (from the audience) or audience (from presenter)
  var ui = {};

  /* ---------- layout fixes measured once, while every slide is laid out ---------- */

  // Like Marp's `<!-- fit -->`: the heading's text fills the slide width on one line.
  function fitHeading(h) {
    var range = document.createRange();
    range.selectNodeContents(h);
    var natural = range.getBoundingClientRect().width;
    var style = getComputedStyle(h);
    var avail = h.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (natural <= 0 || avail <= 0) return;
    var size = parseFloat(style.fontSize) * avail / natural * 0.98;
    h.style.fontSize = Math.min(size, H * 0.4) + "px";
  }

  // Long code lines: shrink the font (to 65% at most) before letting them wrap.
  var MIN_CODE_SCALE = 0.65;
  function shrinkWide(pre) {
    var base = parseFloat(getComputedStyle(pre).fontSize);
    pre.dataset.ltBaseFont = base;
    pre.style.whiteSpace = "pre";
    var ratio = pre.clientWidth / pre.scrollWidth;
    pre.style.whiteSpace = "";
    if (ratio < 1) pre.style.fontSize = Math.max(base * ratio * 0.98, base * MIN_CODE_SCALE) + "px";
  }

  // Too many lines: a smaller font is still better than lines cut off at the bottom.
  var MIN_TALL_SCALE = 0.5;
  // Too many lines: shrink the slide's code blocks until the slide's content fits its height.
  function shrinkTall(section) {
    var pres = section.querySelectorAll("pre");
    for (var round = 0; round < 4 && pres.length; round++) {
      var over = section.scrollHeight - section.clientHeight;
      if (over <= 1) return;
      var codeHeight = 0;
      pres.forEach(function (p) { codeHeight += p.offsetHeight; });
      var factor = Math.max((codeHeight - over) / codeHeight, 0.5);
      pres.forEach(function (p) {
        var base = +p.dataset.ltBaseFont || parseFloat(getComputedStyle(p).fontSize);
        var now = parseFloat(getComputedStyle(p).fontSize);
        p.style.fontSize = Math.max(now * factor, base * MIN_TALL_SCALE) + "px";
      });
    }
    if (section.scrollHeight - section.clientHeight > 1) {
      section.setAttribute("data-overflow", "true");
      if (window.console) console.warn("slide " + section.dataset.slide + " overflows its height");
    }
  }

  function fixLayout() {
    deck.querySelectorAll("[data-fit]").forEach(fitHeading);
    deck.querySelectorAll("section pre").forEach(shrinkWide);
    slides.forEach(shrinkTall);
  }

  /* ---------- showing a slide ---------- */

  function clamp(n) { return Math.min(Math.max(n, 1), total); }

  function fitInto(el, box) {
    var scale = Math.min(box.width / W, box.height / H);
    var x = box.left + (box.width - W * scale) / 2;
    var y = box.top + (box.height - H * scale) / 2;
    el.style.transform = "translate(" + x + "px," + y + "px) scale(" + scale + ")";
  }

  function layout() {
    if (root.classList.contains("lt-overview")) {
      var columns = window.innerWidth > 1400 ? 5 : window.innerWidth > 900 ? 4 : 2;
      var thumb = (window.innerWidth - 18 * (columns + 1) - 20) / columns / W;
      root.style.setProperty("--lt-thumb", Math.max(thumb, 0.05).toFixed(4));
      return;
    }
    if (presenter) {
      fitInto(deck, ui.current.getBoundingClientRect());
      if (ui.clone) fitInto(ui.clone, { left: 0, top: 0, width: ui.next.clientWidth, height: ui.next.clientHeight });
    } else {
      fitInto(deck, { left: 0, top: 0, width: window.innerWidth, height: window.innerHeight });
    }
  }

  function show(n, fromPeer) {
    n = clamp(n);
    if (!total) return;
    if (n !== current) {
      slides.forEach(function (s, i) {
        if (i + 1 === n) s.setAttribute("data-lt-active", ""); else s.removeAttribute("data-lt-active");
      });
      current = n;
    }
    if (!presenter) {
      if (location.hash !== "#" + n) history.replaceState(null, "", "#" + n);
    } else {
      updatePresenter();
    }
    if (!fromPeer) tell({ lt: "goto", n: n });
  }

  function tell(message) {
    if (peer && !peer.closed) {
      try { peer.postMessage(message, "*"); } catch (e) { peer = null; }
    }
  }

  function hashSlide() {
    var m = /^#(\d+)$/.exec(location.hash);
    return m ? +m[1] : null;
  }

  /* ---------- overview, fullscreen, presenter ---------- */

  function toggleOverview(on) {
    root.classList.toggle("lt-overview", on);
    if (!root.classList.contains("lt-overview")) {
      deck.style.transform = "";
    } else {
      deck.style.transform = "";
      var active = slides[current - 1];
      if (active) active.scrollIntoView({ block: "center" });
    }
    layout();
  }

  function toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (root.requestFullscreen) root.requestFullscreen().catch(function () {});
  }

  function openPresenter() {
    var url = location.href.split("#")[0] + "#presenter";
    // Same file, opened by name: window.opener + postMessage work on file://, BroadcastChannel does not.
    peer = window.open(url, "lt-presenter", "width=1200,height=760");
    if (peer) setTimeout(function () { tell({ lt: "goto", n: current }); }, 300);
  }

  function buildPresenter() {
    root.classList.add("lt-presenter");
    var pv = document.createElement("div");
    pv.className = "lt-pv";
    pv.innerHTML =
      '<div class="lt-pv-current"></div><div class="lt-pv-next"></div>' +
      '<div class="lt-pv-notes" aria-live="polite"></div>' +
      '<div class="lt-pv-bar"><span class="lt-pv-timer">0:00</span>' +
      '<button type="button" class="lt-pv-reset">reset</button>' +
      '<span class="lt-pv-count"></span><button type="button" class="lt-pv-prev">◀</button>' +
      '<button type="button" class="lt-pv-next-btn">▶</button></div>';
    document.body.insertBefore(pv, deck);
    ui.current = pv.querySelector(".lt-pv-current");
    ui.next = pv.querySelector(".lt-pv-next");
    ui.notes = pv.querySelector(".lt-pv-notes");
    ui.count = pv.querySelector(".lt-pv-count");
    ui.timer = pv.querySelector(".lt-pv-timer");
    var started = Date.now();
    pv.querySelector(".lt-pv-reset").onclick = function () { started = Date.now(); tick(); };
    pv.querySelector(".lt-pv-prev").onclick = function () { show(current - 1); };
    pv.querySelector(".lt-pv-next-btn").onclick = function () { show(current + 1); };
    function tick() {
      var s = Math.floor((Date.now() - started) / 1000);
      var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = s % 60;
      ui.timer.textContent = (h ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (sec < 10 ? "0" : "") + sec;
    }
    setInterval(tick, 1000);
    document.title = "Presenter — " + document.title;
  }

  function updatePresenter() {
    var slide = slides[current - 1];
    var notes = slide && slide.querySelector("aside.notes");
    ui.notes.textContent = "";
    if (notes) {
      notes.querySelectorAll("p").forEach(function (p) {
        var para = document.createElement("p");
        para.textContent = p.textContent;
        ui.notes.appendChild(para);
      });
    }
    ui.count.textContent = current + " / " + total;
    ui.next.textContent = "";
    ui.clone = null;
    var next = slides[current];
    if (next) {
      var holder = document.createElement("div");
      holder.className = "lt-deck-clone lt-deck";
      var copy = next.cloneNode(true);
      copy.removeAttribute("id");
      copy.setAttribute("data-lt-active", "");
      holder.appendChild(copy);
      ui.next.appendChild(holder);
      ui.clone = holder;
    } else {
      ui.next.innerHTML = '<p style="padding:1em;color:#999">end of deck</p>';
    }
    layout();
  }

  /* ---------- input ---------- */

  function onKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var inOverview = root.classList.contains("lt-overview");
    switch (e.key) {
      case "ArrowRight": case "ArrowDown": case "PageDown": case "Enter":
        show(current + 1); break;
      case " ": case "Spacebar":
        show(current + (e.shiftKey ? -1 : 1)); break;
      case "ArrowLeft": case "ArrowUp": case "PageUp": case "Backspace":
        show(current - 1); break;
      case "Home": show(1); break;
      case "End": show(total); break;
      case "f": case "F": toggleFullscreen(); break;
      case "o": case "O": if (!presenter) toggleOverview(); break;
      case "Escape": if (inOverview) toggleOverview(false); return;
      case "p": case "P": if (!presenter) openPresenter(); break;
      default: return;
    }
    if (inOverview && e.key !== "o" && e.key !== "O") {
      var active = slides[current - 1];
      if (active) active.scrollIntoView({ block: "nearest" });
    }
    e.preventDefault();
  }

  function onTouch() {
    var x0 = null, y0 = null;
    document.addEventListener("touchstart", function (e) {
      if (e.touches.length !== 1) { x0 = null; return; }
      x0 = e.touches[0].clientX; y0 = e.touches[0].clientY;
    }, { passive: true });
    document.addEventListener("touchend", function (e) {
      if (x0 === null || root.classList.contains("lt-overview")) return;
      var dx = e.changedTouches[0].clientX - x0, dy = e.changedTouches[0].clientY - y0;
      if (Math.abs(dx) > 40 && Math.abs(dx) > Math.abs(dy)) show(current + (dx < 0 ? 1 : -1));
      x0 = null;
    }, { passive: true });
  }

  function onMessage(e) {
    var data = e.data;
    if (!data || typeof data !== "object" || !data.lt) return;
    // file:// pages have opaque origins, so the sender is recognised by being a window, not by origin.
    if (e.source && !presenter) peer = e.source;
    if (data.lt === "goto" && typeof data.n === "number") show(data.n, true);
    else if (data.lt === "hello") tell({ lt: "goto", n: current });
  }

  function onOverviewClick(e) {
    if (!root.classList.contains("lt-overview")) return;
    var section = e.target.closest(".lt-deck > section");
    if (!section) return;
    show(+section.dataset.slide);
    toggleOverview(false);
  }

  /* ---------- start ---------- */

  function start() {
    fixLayout(); // before lt-js hides slides: needs every slide laid out
    root.classList.add("lt-js");
    if (presenter) {
      buildPresenter();
      peer = window.opener || null;
      show(1, true);
      tell({ lt: "hello" });
    } else {
      show(hashSlide() || 1, true);
    }
    document.addEventListener("keydown", onKey);
    deck.addEventListener("click", onOverviewClick);
    window.addEventListener("resize", layout);
    window.addEventListener("message", onMessage);
    window.addEventListener("hashchange", function () {
      var n = hashSlide();
      if (n && n !== current) show(n);
    });
    onTouch();
    layout();
  }

  start();
})();

// Live reload, only when `lecture-tool serve` serves the deck (never from a file:// deck):
// the server says which deck it rebuilt; this tab reloads, and the #N in its address keeps
// it on the same slide.
(function () {
  if (!/^https?:$/.test(location.protocol) || !window.EventSource) return;
  var events = new EventSource("/_events");
  events.addEventListener("reload", function (e) {
    var page = location.pathname.split("/").pop();
    if (e.data === "*" || e.data === page) location.reload();
  });
})();
