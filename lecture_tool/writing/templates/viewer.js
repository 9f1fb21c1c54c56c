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
  var step = 0; // how many of the current slide's steps are shown
  var LAST = -1; // show(n, …, LAST): the slide with all its steps (arriving backwards)
  var presenter = /^#presenter/.test(location.hash);
  var peer = null; // the other window: presenter (from the audience) or audience (from presenter)
  var ui = {};

  /* ---------- layout fixes: measured in turns, remembered across reloads ---------- */

  // Each fix below is a generator that reads the layout and then yields the change it wants
  // made. `inTurns` runs every slide's fix together: all of them read (one layout of the
  // deck), then all of them write. Fixing slide by slide would lay the whole deck out again
  // after every change, which cost a 40-slide deck ~150 ms on each load. Slides are fixed-size
  // boxes, so one slide's fix never changes what another measures.
  function inTurns(fixes) {
    var running = fixes.slice();
    while (running.length) {
      var writes = [];
      running = running.filter(function (fix) {
        var next = fix.next();
        if (next.value) writes.push(next.value);
        return !next.done;
      });
      writes.forEach(function (write) { write(); });
    }
  }

  // Like Marp's `<!-- fit -->`: the heading's text fills the slide width on one line.
  function* fitHeading(h) {
    var range = document.createRange();
    range.selectNodeContents(h);
    var natural = range.getBoundingClientRect().width;
    var style = getComputedStyle(h);
    var avail = h.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (natural <= 0 || avail <= 0) return;
    var size = parseFloat(style.fontSize) * avail / natural * 0.995;
    // Marp scales the heading's text, not its box: padding and margins keep their size.
    var box = ["paddingTop", "paddingBottom", "marginTop", "marginBottom"];
    var kept = box.map(function (side) { return style[side]; });
    yield function () {
      h.style.fontSize = Math.min(size, H * 0.4) + "px";
      box.forEach(function (side, i) { h.style[side] = kept[i]; });
    };
  }

  // Code, output and display math shrink to fit their slide, as Marp's auto-scaling does for
  // code: first to the slide's width (before a line would wrap; output may then wrap, code
  // may not), then together to its height;
  // never below 60% of the theme's size. What still sticks out is marked on the section
  // (`data-lt-overflow` in px, `data-lt-overflow-pre`: the first <pre> concerned), which the
  // build's overflow report (layout.py) reads.
  var MIN_FIT_SCALE = 0.6;
  // A slide with a footer keeps this much space (px at the slide's own size) between its last
  // block and the footer; a slide that does not is marked `data-lt-footer-gap="PX"`.
  var FOOTER_MARGIN = 8;
  function* fitSlide(section) {
    yield* fitHeadings(section);
    var items = Array.prototype.slice.call(section.querySelectorAll("pre, math[display='block']"));
    var wide = 0, culprit = null, base = [], size = [];
    yield function () {
      section.removeAttribute("data-lt-overflow");
      section.removeAttribute("data-lt-overflow-pre");
      section.removeAttribute("data-lt-footer-gap");
      items.forEach(function (el) {
        el.style.fontSize = "";
        [el].concat(Array.prototype.slice.call(el.children)).forEach(function (z) { z.style.zoom = ""; });
      });
    };
    items.forEach(function (el) { base.push(parseFloat(getComputedStyle(el).fontSize)); });
    size = base.slice();
    for (let i = 0; i < items.length; i++) {
      let el = items[i];
      yield function () { el.dataset.ltBaseFont = base[i]; el.style.whiteSpace = "pre"; };
      let ratio = el.clientWidth / el.scrollWidth;
      if (ratio < 1) {
        size[i] = base[i] * Math.max(ratio * 0.98, MIN_FIT_SCALE);
        yield function () { el.style.fontSize = size[i] + "px"; };
        let still = el.scrollWidth - el.clientWidth;
        // Printed output wraps (a long error message reads fine on two lines); code does
        // not, since a wrapped code line reads as two lines of code.
        let wraps = el.classList.contains("lt-output");
        // Still too wide (the theme fixes the code's own font size, or 60% was not enough):
        // zoom the whole block, as Marp's auto-scaling scales it, rather than let it wrap;
        // what needed more than MIN_FIT_SCALE in all is reported (how far it stuck out).
        let zoom = still > 1 && !wraps ? yield* zoomToWidth(el) : 1;
        let scale = (size[i] / base[i]) * zoom;
        if (still > 1 && still > wide && !wraps && scale < MIN_FIT_SCALE - 0.001) {
          wide = still; culprit = culprit || el;
        }
      }
      yield function () { el.style.whiteSpace = ""; };
    }
    for (var round = 0; round < 12 && items.length; round++) {
      var over = excess(section, items, true);
      if (over <= 1) break;
      var height = 0;
      items.forEach(function (el) { height += el.scrollHeight; });
      if (height <= 0) break;
      var factor = Math.max((height - over) / height, 0.5), shrunk = [];
      items.forEach(function (el, i) {
        var smaller = Math.max(size[i] * factor, base[i] * MIN_FIT_SCALE);
        if (smaller < size[i] - 0.01) { size[i] = smaller; shrunk.push(i); }
      });
      if (!shrunk.length) break;
      yield function () { shrunk.forEach(function (i) { items[i].style.fontSize = size[i] + "px"; }); };
    }
    var tall = excess(section, items);
    var overflow = Math.max(tall > 1 ? tall : 0, wide);
    var gap = footerGap(section);
    if (!(overflow > 0) && gap !== null && gap < FOOTER_MARGIN) {
      yield function () { section.setAttribute("data-lt-footer-gap", Math.floor(gap)); };
    }
    if (overflow > 0) {
      if (tall > 1) culprit = firstPastBottom(section) || culprit;
      var pres = Array.prototype.slice.call(section.querySelectorAll("pre"));
      var at = culprit ? pres.indexOf(culprit) : -1;
      if (window.console) console.warn("slide " + section.dataset.slide + " overflows by " + Math.ceil(overflow) + " px");
      yield function () {
        section.setAttribute("data-lt-overflow", Math.ceil(overflow));
        if (at >= 0) section.setAttribute("data-lt-overflow-pre", at);
      };
    }
  }

  // The block's content is zoomed (its <code>, when it has one), not its padding: Marp
  // scales what is inside the <pre> box.
  function* zoomToWidth(el) {
    var inner = el.children.length === 1 && el.firstElementChild.tagName === "CODE" ? el.firstElementChild : el;
    for (var round = 0; round < 3 && el.scrollWidth > el.clientWidth + 1; round++) {
      var pad = inner === el ? 0 : parseFloat(getComputedStyle(el).paddingLeft) + parseFloat(getComputedStyle(el).paddingRight);
      var zoom = (parseFloat(inner.style.zoom) || 1) * ((el.clientWidth - pad) / (el.scrollWidth - pad)) * 0.99;
      yield function () { inner.style.zoom = String(zoom); };
    }
    return parseFloat(inner.style.zoom) || 1;
  }

  function* fitHeadings(section) {
    var fixes = Array.prototype.map.call(section.querySelectorAll("[data-fit]"), fitHeading);
    var writes = [];
    fixes.forEach(function (fix) { var next = fix.next(); if (next.value) writes.push(next.value); });
    if (writes.length) yield function () { writes.forEach(function (write) { write(); }); };
  }

  // How many px of content do not fit: what sticks out of the section's content box (above
  // it too, should a theme centre content unsafely). Blocks do not shrink in the themes'
  // flex column (viewer.css), so what does not fit sticks out instead of hiding behind a
  // scrollbar.
  // `margin`: count the footer's margin as not fitting too (what the shrinking aims for).
  function excess(section, items, margin) {
    var cs = getComputedStyle(section);
    var top = parseFloat(cs.paddingTop);
    var bottom = margin ? contentBottom(section) : section.clientHeight - parseFloat(cs.paddingBottom);
    var first = Infinity, last = -Infinity;
    Array.prototype.forEach.call(section.children, function (child) {
      var position = getComputedStyle(child).position;
      if (position === "absolute" || position === "fixed" || child.tagName === "ASIDE") return;
      var box = offsetBox(section, child);
      if (!box.height) return;
      first = Math.min(first, box.top);
      last = Math.max(last, box.top + box.height);
    });
    return first === Infinity ? 0 : Math.max(0, top - first) + Math.max(0, last - bottom);
  }

  // Where content must end: the section's content box, and FOOTER_MARGIN above a footer that
  // reaches into it, so what the fit shrinks leaves the footer its margin.
  function contentBottom(section) {
    var bottom = section.clientHeight - parseFloat(getComputedStyle(section).paddingBottom);
    var footer = null;
    Array.prototype.forEach.call(section.children, function (child) { if (child.tagName === "FOOTER") footer = child; });
    if (footer && footer.getBoundingClientRect().height) {
      bottom = Math.min(bottom, offsetBox(section, footer).top - FOOTER_MARGIN - 1);
    }
    return bottom;
  }

  // Space between the last block of the slide and its footer (null: no footer, or no block).
  function footerGap(section) {
    var footer = null, last = -Infinity;
    Array.prototype.forEach.call(section.children, function (child) {
      if (child.tagName === "FOOTER") { footer = child; return; }
      var position = getComputedStyle(child).position;
      if (position === "absolute" || position === "fixed" || child.tagName === "ASIDE" || child.tagName === "HEADER") return;
      var box = offsetBox(section, child);
      if (box.height) last = Math.max(last, box.top + box.height);
    });
    if (!footer || !footer.getBoundingClientRect().height || last === -Infinity) return null;
    return offsetBox(section, footer).top - last;
  }

  // An element's box in the section's own (unscaled) coordinates; MathML elements have no
  // offsetTop, so client rects are used, divided by the viewer's scale.
  function offsetBox(section, el) {
    var outer = section.getBoundingClientRect(), inner = el.getBoundingClientRect();
    var scale = outer.height / section.offsetHeight || 1;
    return { top: (inner.top - outer.top) / scale, height: inner.height / scale };
  }

  // The first <pre> reaching past the slide's content box (the one to shorten).
  function firstPastBottom(section) {
    var bottom = section.clientHeight - parseFloat(getComputedStyle(section).paddingBottom);
    var found = null;
    section.querySelectorAll("pre").forEach(function (pre) {
      if (found) return;
      var box = offsetBox(section, pre);
      if (box.top + box.height > bottom + 1) found = pre;
    });
    return found;
  }

  // A slide's fix depends only on its own HTML, the deck's styles and the fonts, so once the
  // fonts are in it is kept in sessionStorage under a hash of the first two (the build writes
  // the slide's as `data-lt-key`): when `serve` reloads the tab after a save, only the slides
  // that changed are measured again.
  var FIT_KEY = "lt-fit:" + hash(Array.prototype.map.call(
    document.querySelectorAll("style"), function (s) { return s.textContent; }).join(""));

  function hash(text) { // FNV-1a, 32 bits: a cache key, not a checksum
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return (h >>> 0).toString(36) + ":" + text.length.toString(36);
  }

  function rememberFit(section) {
    if (!section.dataset.ltKey) return;
    var sized = section.querySelectorAll("[data-fit], pre, math[display='block']");
    var record = {
      sizes: Array.prototype.map.call(sized, function (el) { return [el.style.cssText, el.dataset.ltBaseFont || "", el.firstElementChild ? el.firstElementChild.style.zoom : ""]; }),
      overflow: section.getAttribute("data-lt-overflow"),
      pre: section.getAttribute("data-lt-overflow-pre"),
      footer: section.getAttribute("data-lt-footer-gap"),
    };
    try { sessionStorage.setItem(FIT_KEY + section.dataset.ltKey, JSON.stringify(record)); } catch (e) { /* full or off */ }
  }

  function recallFit(section) {
    var record = null;
    if (!section.dataset.ltKey) return false;
    try { record = JSON.parse(sessionStorage.getItem(FIT_KEY + section.dataset.ltKey)); } catch (e) { /* off */ }
    var sized = section.querySelectorAll("[data-fit], pre, math[display='block']");
    if (!record || !record.sizes || record.sizes.length !== sized.length) return false;
    sized.forEach(function (el, i) {
      el.style.cssText = record.sizes[i][0];
      if (el.firstElementChild) el.firstElementChild.style.zoom = record.sizes[i][2] || "";
      if (record.sizes[i][1]) el.dataset.ltBaseFont = record.sizes[i][1];
    });
    if (record.overflow) section.setAttribute("data-lt-overflow", record.overflow);
    if (record.pre) section.setAttribute("data-lt-overflow-pre", record.pre);
    if (record.footer) section.setAttribute("data-lt-footer-gap", record.footer);
    return true;
  }

  // Fix `sections`, shown for the moment it takes (one task: nothing is painted meanwhile).
  // Fixes made before the web fonts arrived are redone when they do (see start).
  var unsettled = [];
  function fixLayout(sections) {
    root.setAttribute("data-lt-measured", sections.length); // the rest came from memory
    if (!sections.length) return;
    var transform = deck.style.transform;
    deck.style.transform = "none"; // measure at the slide's own size
    sections.forEach(function (s) { s.setAttribute("data-lt-measure", ""); });
    inTurns(sections.map(fitSlide));
    sections.forEach(function (s) { s.removeAttribute("data-lt-measure"); });
    deck.style.transform = transform;
    if (document.fonts && document.fonts.status !== "loaded") {
      // Measuring can itself start font loads (a slide's math font, once shown): wait for
      // the loads under way now, not only for those the page started with.
      unsettled = unsettled.concat(sections);
      document.fonts.ready.then(settleFonts);
    } else {
      sections.forEach(rememberFit);
    }
  }

  function settleFonts() {
    var again = unsettled;
    unsettled = [];
    if (again.length) refit(again);
  }

  // Fix every slide whose fix is not remembered (all of them on a first visit).
  function fixAll() {
    fixLayout(slides.filter(function (s) { return !recallFit(s); }));
  }

  function refit(sections) {
    if (root.classList.contains("lt-overview")) return;
    fixLayout(sections || slides);
    layout();
  }

  /* ---------- steps: fragmented list items and stepped code, one machinery ---------- */

  // `1-2,4` → {1: true, 2: true, 4: true}; `all` → null (every line).
  function parseLines(spec) {
    if (spec.trim() === "all") return null;
    var set = {};
    spec.split(",").forEach(function (part) {
      var ends = part.split("-"), a = +ends[0], b = +(ends[1] || ends[0]);
      for (var i = a; i <= b; i++) set[i] = true;
    });
    return set;
  }

  // A slide's steps in reading order: each fragment (`data-marpit-fragment`) is one step; a
  // code block with `data-steps` adds one per step after its first (shown on arrival); an
  // output with `data-lt-step="N"` appears when the code block before it reaches step N.
  function stepsOf(section) {
    if (section.ltSteps) return section.ltSteps;
    var actions = [], blocks = [], outputs = [], last = null;
    section.querySelectorAll("[data-marpit-fragment], pre[data-steps], [data-lt-step]").forEach(function (el) {
      if (el.hasAttribute("data-marpit-fragment")) {
        actions.push({ el: el });
      } else if (el.hasAttribute("data-steps")) {
        last = { el: el, steps: el.getAttribute("data-steps").split("|").map(parseLines), at: 0 };
        blocks.push(last);
        for (var k = 1; k < last.steps.length; k++) actions.push({ block: last, step: k });
      } else if (last) {
        outputs.push({ el: el, block: last, step: +el.getAttribute("data-lt-step") - 1 });
      }
    });
    section.ltSteps = { actions: actions, blocks: blocks, outputs: outputs };
    return section.ltSteps;
  }

  function stepCount(section) { return section ? stepsOf(section).actions.length : 0; }

  // Show `section` at step p (0: as it arrives). `printed`: also what print styles read.
  function setStep(section, p, printed) {
    var s = stepsOf(section);
    s.blocks.forEach(function (b) { b.at = 0; });
    s.actions.forEach(function (a, i) {
      if (a.el) a.el.setAttribute("data-lt-fragment", i < p ? "active" : "inactive");
      else if (i < p) a.block.at = a.step;
    });
    s.blocks.forEach(function (b) {
      var lines = b.steps[b.at], all = true;
      var spans = b.el.querySelectorAll(".lt-line");
      spans.forEach(function (span, i) {
        var on = lines === null || !!lines[i + 1];
        all = all && on;
        span.classList.toggle("hl", on);
        if (printed) span.toggleAttribute("data-lt-final", on);
      });
      b.el.toggleAttribute("data-lt-dim", !all);
      if (printed) b.el.toggleAttribute("data-lt-final-dim", !all);
      b.el.setAttribute("data-lt-at", b.at + 1);
    });
    s.outputs.forEach(function (o) {
      o.el.setAttribute("data-lt-fragment", o.block.at >= o.step ? "active" : "inactive");
    });
  }

  // `--pdf-steps`: each slide printed once per step (its copies follow it).
  function expandPrintSteps() {
    slides.slice().forEach(function (section) {
      var count = stepCount(section), after = section;
      section.setAttribute("data-lt-step-page", "0");
      setStep(section, 0, true);
      for (var p = 1; p <= count; p++) {
        var copy = section.cloneNode(true);
        copy.removeAttribute("id");
        copy.setAttribute("data-lt-step-page", String(p));
        after.parentNode.insertBefore(copy, after.nextSibling);
        setStep(copy, p, true);
        after = copy;
      }
    });
  }

  function forward() {
    if (step < stepCount(slides[current - 1])) show(current, false, step + 1);
    else if (current < total) show(current + 1, false, 0);
  }

  function back() {
    if (step > 0) show(current, false, step - 1);
    else if (current > 1) show(current - 1, false, LAST);
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

  function show(n, fromPeer, at) {
    n = clamp(n);
    if (!total) return;
    if (n !== current) {
      slides.forEach(function (s, i) {
        if (i + 1 === n) s.setAttribute("data-lt-active", ""); else s.removeAttribute("data-lt-active");
      });
      current = n;
    }
    var count = stepCount(slides[n - 1]);
    step = at === LAST ? count : Math.min(Math.max(at || 0, 0), count);
    setStep(slides[n - 1], step);
    if (!presenter) {
      var hash = "#" + n + (step ? "." + step : "");
      if (location.hash !== hash) history.replaceState(null, "", hash);
    } else {
      updatePresenter();
    }
    if (!fromPeer) tell({ lt: "goto", n: n, step: step });
  }

  function tell(message) {
    if (peer && !peer.closed) {
      try { peer.postMessage(message, "*"); } catch (e) { peer = null; }
    }
  }

  function hashSlide() {
    var m = /^#(\d+)(?:\.(\d+))?$/.exec(location.hash);
    return m ? +m[1] : null;
  }

  // `#N.K`: slide N at step K.
  function hashStep() {
    var m = /^#\d+\.(\d+)$/.exec(location.hash);
    return m ? +m[1] : 0;
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
    if (peer) setTimeout(function () { tell({ lt: "goto", n: current, step: step }); }, 300);
  }

  function buildPresenter() {
    root.classList.add("lt-presenter");
    var pv = document.createElement("div");
    pv.className = "lt-pv";
    pv.innerHTML =
      '<div class="lt-pv-current"></div><div class="lt-pv-next"></div>' +
      '<div class="lt-pv-notes" aria-live="polite"></div>' +
      '<div class="lt-pv-bar">' + /* clock and timer: presenter_tools.js */
      '<span class="lt-pv-count"></span><button type="button" class="lt-pv-prev">◀</button>' +
      '<button type="button" class="lt-pv-next-btn">▶</button></div>';
    document.body.insertBefore(pv, deck);
    ui.current = pv.querySelector(".lt-pv-current");
    ui.next = pv.querySelector(".lt-pv-next");
    ui.notes = pv.querySelector(".lt-pv-notes");
    ui.count = pv.querySelector(".lt-pv-count");
    pv.querySelector(".lt-pv-prev").onclick = back;
    pv.querySelector(".lt-pv-next-btn").onclick = forward;
    document.title = "Presenter — " + document.title;
  }

  function updatePresenter() {
    var slide = slides[current - 1];
    var notes = slide && slide.querySelector("aside.lt-notes");
    ui.notes.textContent = "";
    if (notes) {
      notes.querySelectorAll("p").forEach(function (p) {
        var para = document.createElement("p");
        para.textContent = p.textContent;
        ui.notes.appendChild(para);
      });
    }
    var count = stepCount(slide);
    ui.count.textContent = current + " / " + total + (count ? " · step " + (step + 1) + " / " + (count + 1) : "");
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
        forward(); break;
      case " ": case "Spacebar":
        if (e.shiftKey) back(); else forward(); break;
      case "ArrowLeft": case "ArrowUp": case "PageUp": case "Backspace":
        back(); break;
      case "Home": show(1); break;
      case "End": show(total, false, LAST); break;
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
      if (Math.abs(dx) > 40 && Math.abs(dx) > Math.abs(dy)) { if (dx < 0) forward(); else back(); }
      x0 = null;
    }, { passive: true });
  }

  function onMessage(e) {
    var data = e.data;
    if (!data || typeof data !== "object" || !data.lt) return;
    // file:// pages have opaque origins, so the sender is recognised by being a window, not by origin.
    if (e.source && !presenter) peer = e.source;
    if (data.lt === "goto" && typeof data.n === "number") show(data.n, true, data.step || 0);
    else if (data.lt === "hello") tell({ lt: "goto", n: current, step: step });
  }

  function onOverviewClick(e) {
    if (!root.classList.contains("lt-overview")) return;
    var section = e.target.closest(".lt-deck > section");
    if (!section) return;
    show(+section.dataset.slide);
    toggleOverview(false);
  }

  /* ---------- live swap (`serve`): changed slides replaced in place ---------- */

  // window.ltSwapSlides(changed, styles): `changed` is [{n: N, html: markup}], each the whole new
  // section element of a slide that changed; `styles`, when not null, the page's new CSS. The
  // tab keeps its slide, step, scroll and presenter window; only the new slides are fitted.
  // Returns false, having changed nothing, when the markup does not fit this page (the caller
  // then reloads). Used by the server-sent `swap` event below, and a base for in-place updates.
  function swapSlides(changed, styles) {
    var fresh = [];
    for (var i = 0; i < changed.length; i++) {
      var template = document.createElement("template");
      template.innerHTML = changed[i].html;
      var section = template.content.firstElementChild;
      var old = slides[changed[i].n - 1];
      if (!old || !section || section.tagName !== "SECTION" || +section.dataset.slide !== changed[i].n) return false;
      fresh.push([old, section]);
    }
    if (styles != null) {
      var sheet = document.head.querySelector("style");
      if (!sheet) return false;
      sheet.textContent = styles;
    }
    fresh.forEach(function (pair) {
      var old = pair[0], section = pair[1];
      if (old.hasAttribute("data-lt-active")) section.setAttribute("data-lt-active", "");
      old.replaceWith(section);
      slides[slides.indexOf(old)] = section;
    });
    var sections = fresh.map(function (pair) { return pair[1]; });
    // New styles may change how every slide fits; otherwise only the new slides need fitting.
    fixLayout((styles != null ? slides : sections).filter(function (s) { return !recallFit(s); }));
    show(current, true, Math.min(step, stepCount(slides[current - 1])));
    layout();
    return true;
  }
  window.ltSwapSlides = swapSlides;

  /* ---------- start ---------- */

  function start() {
    root.classList.add("lt-js");
    fixAll();
    if (root.hasAttribute("data-lt-print-steps")) expandPrintSteps();
    if (presenter) {
      buildPresenter();
      peer = window.opener || null;
      show(1, true);
      tell({ lt: "hello" });
    } else {
      show(hashSlide() || 1, true, hashStep());
    }
    document.addEventListener("keydown", onKey);
    deck.addEventListener("click", onOverviewClick);
    var resized = null;
    window.addEventListener("resize", function () {
      layout();
      clearTimeout(resized);
      resized = setTimeout(function () { refit(); }, 150);
    });
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(settleFonts);
    window.addEventListener("message", onMessage);
    window.addEventListener("hashchange", function () {
      var n = hashSlide(), k = hashStep();
      if (n && (n !== current || k !== step)) show(n, false, k);
    });
    onTouch();
    layout();
    // What presenter_tools.js (keys b, g, ?, l, q …, wheel, on-screen buttons) drives.
    // For the presenter tools and for scripts that change a slide in place (serve's live code).
    window.ltViewer = {
      show: show, forward: forward, back: back, tell: tell, layout: layout, LAST: LAST,
      presenter: presenter, total: total, deck: deck,
      current: function () { return current; },
      step: function () { return step; },
      refit: function (section) { refit(section ? [section] : null); },
      hasPeer: function () { return !!(peer && !peer.closed); },
    };
  }

  start();
})();

// Live update, only when `lecture-tool serve` serves the deck (never from a file:// deck):
// the server sends the slides that changed (`swap`), or says the deck's structure changed
// (`reload`): this tab reloads, and the #N in its address keeps it on the same slide.
(function () {
  if (!/^https?:$/.test(location.protocol) || !window.EventSource) return;
  var events = new EventSource("/_events");
  events.addEventListener("reload", function (e) {
    var page = location.pathname.split("/").pop();
    if (e.data === "*" || e.data === page) location.reload();
  });
  // The changed slides of this page, swapped in place (a reload if they do not fit).
  events.addEventListener("swap", function (e) {
    var data = JSON.parse(e.data);
    if (data.page !== location.pathname.split("/").pop()) return;
    if (!window.ltSwapSlides || !window.ltSwapSlides(data.slides, data.styles)) location.reload();
  });
})();
