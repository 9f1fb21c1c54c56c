/* lecture_tool presenter tools, on top of viewer.js (window.ltViewer): black screen (b),
   go to slide (g N Enter), the keys (?), laser pointer (l), student link QR code (q), notes
   size (+/−), wall clock and a timer that pauses and survives reloads, on-screen previous /
   next buttons, mouse wheel, screen wake lock. No network: they work from a file:// deck. */
(function () {
  "use strict";
  var V = window.ltViewer;
  if (!V) return;
  var root = document.documentElement;
  var presenter = V.presenter;
  var state = { black: false, laser: false, qr: false };
  var store = sessionStore();

  function el(tag, cls, html) {
    var node = document.createElement(tag);
    node.className = "lt-tool " + cls;
    if (html) node.innerHTML = html;
    return node;
  }

  function inOverview() { return root.classList.contains("lt-overview"); }

  /* ---------- state shared by both windows (black, laser, QR) ---------- */

  function apply(next, fromPeer) {
    Object.keys(next).forEach(function (k) { if (k in state) state[k] = !!next[k]; });
    root.classList.toggle("lt-black-on", state.black);
    placeBlack();
    root.classList.toggle("lt-laser-on", state.laser);
    qrBox.hidden = !state.qr;
    if (!state.laser) laserDot.style.display = "none";
    if (!fromPeer) V.tell({ lt: "tools", state: state });
  }

  function toggle(name) {
    var next = {};
    next[name] = !state[name];
    apply(next, false);
  }

  /* ---------- overlays ---------- */

  var black = el("div", "lt-black-screen");
  black.innerHTML = presenter ? "<span>the audience sees a black screen (b)</span>" : "";
  document.body.appendChild(black);
  // In the presenter window it covers the current slide only (notes and timer stay).
  function placeBlack() {
    var view = presenter && document.querySelector(".lt-pv-current");
    if (!view) return;
    var box = view.getBoundingClientRect();
    black.style.left = box.left + "px"; black.style.top = box.top + "px";
    black.style.width = box.width + "px"; black.style.height = box.height + "px";
  }
  window.addEventListener("resize", placeBlack);

  var KEYS = [
    ["→ ↓ Space PageDown Enter", "next step or slide"],
    ["← ↑ Shift+Space PageUp Backspace", "previous step or slide"],
    ["Home / End", "first / last slide"],
    ["g, a number, Enter", "go to that slide"],
    ["mouse wheel, swipe", "next / previous"],
    ["b or .", "black screen, and back"],
    ["l", "laser pointer (follows the mouse in both windows)"],
    ["q", "QR code of the student link"],
    ["o", "overview of all slides (Esc closes it)"],
    ["f", "full screen"],
    ["p", "presenter window"],
    ["+ / −", "notes text larger / smaller (presenter window)"],
    ["t", "pause / resume the timer (presenter window)"],
    ["?", "this list (Esc closes it)"],
  ];
  var help = el("div", "lt-help", "<h2>Keys</h2><table>" + KEYS.map(function (k) {
    return "<tr><th>" + k[0] + "</th><td>" + k[1] + "</td></tr>";
  }).join("") + "</table><p>Esc or ? closes this list. " +
    "On screen: ‹ › in the bottom corner; the presenter window has ◀ ▶, pause and reset.</p>");
  help.hidden = true;
  help.setAttribute("role", "dialog");
  document.body.appendChild(help);

  var goBox = el("div", "lt-goto");
  goBox.hidden = true;
  document.body.appendChild(goBox);

  var qrBox = el("div", "lt-qr");
  var codes = document.getElementById("lt-qr-codes");
  qrBox.innerHTML = codes && codes.content.childElementCount
    ? codes.innerHTML
    : "<p>No student link is configured for this deck. Set <code>notebook_url</code> or " +
      "<code>publish_url</code> under <code>[tool.lecture_tool]</code> in pyproject.toml.</p>";
  qrBox.hidden = true;
  document.body.appendChild(qrBox);

  /* ---------- g N Enter ---------- */

  var typed = null; // the digits after g, while going somewhere
  function goto(key) {
    if (/^[0-9]$/.test(key)) typed += key;
    else if (key === "Backspace") typed = typed.slice(0, -1);
    else if (key === "Enter" && typed) { V.show(+typed); typed = null; }
    else typed = null; // Escape or any other key: never mind
    goBox.hidden = typed === null;
    if (typed !== null) goBox.textContent = "go to slide " + (typed || "…") + " of " + V.total;
  }

  /* ---------- keys: before viewer.js's (capture), so g's Enter does not also step ---------- */

  window.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (typed !== null) { goto(e.key); return handled(e); }
    if (!help.hidden && (e.key === "Escape" || e.key === "?")) { help.hidden = true; return handled(e); }
    if (state.qr && e.key === "Escape") { apply({ qr: false }); return handled(e); }
    switch (e.key) {
      case "b": case "B": case ".": toggle("black"); break;
      case "l": case "L": toggle("laser"); break;
      case "q": case "Q": toggle("qr"); break;
      case "?": help.hidden = false; break;
      case "g": case "G":
        typed = "";
        goBox.hidden = false;
        goBox.textContent = "go to slide … of " + V.total;
        break;
      case "+": case "=": if (!presenter) return; notesSize(+2); break;
      case "-": case "_": case "−": if (!presenter) return; notesSize(-2); break;
      case "t": case "T": if (!presenter) return; timer.pause(); break;
      default: wakeLock.want(); return;
    }
    handled(e);
  }, true);

  function handled(e) {
    e.preventDefault();
    e.stopImmediatePropagation();
  }

  /* ---------- laser pointer: the same spot of the slide in both windows ---------- */

  var laserDot = el("div", "lt-laser");
  laserDot.style.display = "none";
  document.body.appendChild(laserDot);

  function placeLaser(fx, fy) {
    if (fx === null || !state.laser || inOverview()) { laserDot.style.display = "none"; return; }
    var box = V.deck.getBoundingClientRect();
    laserDot.style.display = "block";
    laserDot.style.left = box.left + fx * box.width + "px";
    laserDot.style.top = box.top + fy * box.height + "px";
  }

  document.addEventListener("mousemove", function (e) {
    showNav();
    if (!state.laser || inOverview()) return;
    var box = V.deck.getBoundingClientRect();
    var fx = (e.clientX - box.left) / box.width, fy = (e.clientY - box.top) / box.height;
    var inside = fx >= 0 && fx <= 1 && fy >= 0 && fy <= 1;
    placeLaser(inside ? fx : null, fy);
    V.tell({ lt: "laser", x: inside ? fx : null, y: fy });
  });

  /* ---------- on-screen previous / next: shown while the mouse moves ---------- */

  var nav = el("div", "lt-nav", '<button type="button" class="lt-nav-prev" tabindex="-1" ' +
    'aria-label="previous">‹</button><button type="button" class="lt-nav-next" tabindex="-1" ' +
    'aria-label="next">›</button>');
  document.body.appendChild(nav);
  nav.addEventListener("mousedown", function (e) { e.preventDefault(); }); // keep key focus
  nav.querySelector(".lt-nav-prev").onclick = function () { V.back(); };
  nav.querySelector(".lt-nav-next").onclick = function () { V.forward(); };
  var resting = null;
  function showNav() {
    root.classList.add("lt-mouse-moving");
    clearTimeout(resting);
    resting = setTimeout(function () {
      if (!nav.matches(":hover")) root.classList.remove("lt-mouse-moving");
      else showNav();
    }, 2000);
  }

  /* ---------- mouse wheel: one step per flick ---------- */

  var wheelSum = 0, wheelQuietUntil = 0;
  window.addEventListener("wheel", function (e) {
    if (inOverview() || e.ctrlKey) return; // overview scrolls; Ctrl+wheel zooms
    if (e.target.closest && e.target.closest(".lt-pv-notes, .lt-help")) return;
    e.preventDefault();
    var now = Date.now();
    if (now < wheelQuietUntil) return; // the rest of the same flick
    wheelSum += e.deltaY || e.deltaX;
    if (Math.abs(wheelSum) < 30) return;
    if (wheelSum > 0) V.forward(); else V.back();
    wheelSum = 0;
    wheelQuietUntil = now + 350;
  }, { passive: false });

  /* ---------- presenter: wall clock, timer (pause, reset), notes size ---------- */

  var timer = {
    // {start, pausedAt} in ms: kept in sessionStorage, so a reload of the presenter
    // window neither resets nor pauses the talk's time.
    read: function () { return store.get("lt-timer") || { start: Date.now(), pausedAt: null }; },
    write: function (t) { store.set("lt-timer", t); },
    elapsed: function () { var t = this.read(); return (t.pausedAt || Date.now()) - t.start; },
    pause: function () {
      var t = this.read();
      if (t.pausedAt) { t.start += Date.now() - t.pausedAt; t.pausedAt = null; }
      else t.pausedAt = Date.now();
      this.write(t);
      tick();
    },
    reset: function () { var t = this.read(); this.write({ start: Date.now(), pausedAt: t.pausedAt ? Date.now() : null }); tick(); },
  };

  function clockText(ms) {
    var s = Math.floor(ms / 1000), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = s % 60;
    return (h ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (sec < 10 ? "0" : "") + sec;
  }

  var ui = {};
  function tick() {
    if (!ui.timer) return;
    ui.timer.textContent = clockText(timer.elapsed());
    ui.pause.textContent = timer.read().pausedAt ? "resume" : "pause";
    root.classList.toggle("lt-timer-paused", !!timer.read().pausedAt);
    var now = new Date(), mm = now.getMinutes();
    ui.clock.textContent = now.getHours() + ":" + (mm < 10 ? "0" : "") + mm;
  }

  function notesSize(delta) {
    var size = Math.min(Math.max((+localStore().get("lt-notes-size") || 22) + delta, 12), 64);
    localStore().set("lt-notes-size", size);
    var notes = document.querySelector(".lt-pv-notes");
    if (notes) notes.style.fontSize = size + "px";
  }

  if (presenter) {
    var bar = document.querySelector(".lt-pv-bar");
    var group = el("span", "lt-pv-time",
      '<span class="lt-pv-clock" title="time of day"></span>' +
      '<span class="lt-pv-timer" title="time since the start (t pauses)">0:00</span>' +
      '<button type="button" class="lt-pv-pause" tabindex="-1">pause</button>' +
      '<button type="button" class="lt-pv-reset" tabindex="-1">reset</button>' +
      '<span class="lt-pv-size"><button type="button" class="lt-pv-smaller" tabindex="-1" ' +
      'title="notes smaller (−)">A−</button><button type="button" class="lt-pv-larger" ' +
      'tabindex="-1" title="notes larger (+)">A+</button></span>');
    bar.insertBefore(group, bar.firstChild);
    ui.clock = group.querySelector(".lt-pv-clock");
    ui.timer = group.querySelector(".lt-pv-timer");
    ui.pause = group.querySelector(".lt-pv-pause");
    ui.pause.onclick = function () { timer.pause(); };
    group.querySelector(".lt-pv-reset").onclick = function () { timer.reset(); };
    group.querySelector(".lt-pv-smaller").onclick = function () { notesSize(-2); };
    group.querySelector(".lt-pv-larger").onclick = function () { notesSize(+2); };
    if (!store.get("lt-timer")) timer.write(timer.read());
    notesSize(0);
    tick();
    setInterval(tick, 1000);
  }

  /* ---------- screen wake lock while presenting ---------- */

  var wakeLock = {
    sentinel: null,
    wanted: false,
    want: function () {
      this.wanted = true;
      if (this.sentinel || this.pending) return;
      if (!navigator.wakeLock) { root.setAttribute("data-lt-wake-lock", "unavailable"); return; }
      var self = this;
      this.pending = true;
      navigator.wakeLock.request("screen").then(function (sentinel) {
        self.sentinel = sentinel;
        root.setAttribute("data-lt-wake-lock", "held");
        sentinel.addEventListener("release", function () {
          self.sentinel = null;
          root.setAttribute("data-lt-wake-lock", "released");
        });
      }, function (error) {
        root.setAttribute("data-lt-wake-lock", "denied: " + (error && error.name));
      }).then(function () { self.pending = false; });
    },
  };
  // Presenting means using the deck: the first key, click or touch asks for the lock (the
  // browser may want that gesture); it is given up when the tab is hidden, so ask again.
  ["pointerdown", "touchstart"].forEach(function (type) {
    document.addEventListener(type, function () { wakeLock.want(); }, { passive: true });
  });
  document.addEventListener("fullscreenchange", function () { wakeLock.want(); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && wakeLock.wanted) wakeLock.want();
  });
  if (presenter) wakeLock.want();

  /* ---------- full screen again after a reload (serve) ---------- */

  // A reload leaves full screen, and only a key or click may enter it again: the tab
  // remembers it was full screen and returns there on the next key or click.
  window.addEventListener("pagehide", function () {
    store.set("lt-fullscreen", !!document.fullscreenElement);
  });
  if (store.get("lt-fullscreen") && !document.fullscreenElement && root.requestFullscreen) {
    root.classList.add("lt-fullscreen-pending");
    var again = function (e) {
      if (e.type === "keydown" && e.key === "f") return; // f itself toggles
      ["keydown", "pointerdown"].forEach(function (t) { window.removeEventListener(t, again, true); });
      root.classList.remove("lt-fullscreen-pending");
      root.requestFullscreen().catch(function () {});
    };
    ["keydown", "pointerdown"].forEach(function (t) { window.addEventListener(t, again, true); });
  }

  /* ---------- messages from the other window ---------- */

  window.addEventListener("message", function (e) {
    var data = e.data;
    if (!data || typeof data !== "object") return;
    if (data.lt === "tools" && data.state) apply(data.state, true);
    else if (data.lt === "tools?") V.tell({ lt: "tools", state: state });
    else if (data.lt === "laser") placeLaser(data.x, data.y);
    else if (data.lt === "ping" && !greeted) { greeted = true; V.tell({ lt: "tools?" }); }
  });
  var greeted = false;
  if (presenter) {
    // The audience window may be reloaded (serve, F5): it then knows no presenter until
    // told, so the presenter says it is there every second (its messages make the audience
    // answer to it again), and a reloaded audience asks for the tools' state.
    setInterval(function () { V.tell({ lt: "ping" }); }, 1000);
    V.tell({ lt: "tools?" });
  }

  /* ---------- storage that never throws (file:// and private windows may refuse) ---------- */

  function sessionStore() { return wrap(function () { return window.sessionStorage; }); }
  function localStore() { return wrap(function () { return window.localStorage; }); }
  function wrap(getStorage) {
    var memory = {}; // where storage is refused, values last as long as the page
    return {
      get: function (key) {
        try { return JSON.parse(getStorage().getItem(key)); } catch (e) { return key in memory ? memory[key] : null; }
      },
      set: function (key, value) {
        memory[key] = value;
        try { getStorage().setItem(key, JSON.stringify(value)); } catch (e) { /* off */ }
      },
    };
  }
})();
