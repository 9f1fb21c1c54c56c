/* Live code, only on pages `lecture-tool serve` serves (it adds this script and LT_LIVE):
   run a slide's cell again, edit it, stop it, reset it, save it. Every block that shows a
   snippet cell is marked by the build: `data-lt-cell="FILE#CELL"` on its code,
   `data-lt-out="FILE#CELL"` on its output, figures and error box. The server streams what a
   running cell prints and then sends the slides that show it, rendered as a build would; this
   script swaps those blocks in place, in this window and the presenter's. */
(function () {
  "use strict";
  var cfg = window.LT_LIVE;
  if (!cfg || !window.fetch || !window.EventSource) return;
  var runs = {};    // key → the run in flight, started from this window
  var editors = {}; // key → { view, holder, pre }
  var edited = {};  // key → true while the server holds an edit of it

  function post(what, body) {
    body.deck = cfg.deck;
    return fetch("/_live/" + what, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-LT-Token": cfg.token },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().catch(function () { return { error: r.statusText }; }).then(function (j) {
        if (!r.ok) throw new Error(j.error || r.statusText);
        return j;
      });
    });
  }

  function byKey(attr, key) {
    return Array.prototype.filter.call(document.querySelectorAll("[" + attr + "]"), function (el) {
      return el.getAttribute(attr) === key;
    });
  }

  /* ---------- controls ---------- */

  function controlsFor(pre) {
    var key = pre.getAttribute("data-lt-cell");
    var bar = document.createElement("div");
    bar.className = "lt-live-bar";
    bar.setAttribute("data-lt-live-for", key);
    bar.innerHTML =
      '<button type="button" data-lt-run title="run this cell (r)">▶ run</button>' +
      '<button type="button" data-lt-stop title="stop (Esc)" hidden>■ stop</button>' +
      '<button type="button" data-lt-edit title="edit (e)">✎ edit</button>' +
      '<span class="lt-live-status" data-lt-status></span>';
    bar.querySelector("[data-lt-run]").onclick = function () { run(key); };
    bar.querySelector("[data-lt-stop]").onclick = function () { stop(key); };
    bar.querySelector("[data-lt-edit]").onclick = function () { edit(key); };
    pre.parentNode.insertBefore(bar, pre);
    pre.addEventListener("dblclick", function () { edit(key); });
  }

  function barsOf(key) { return byKey("data-lt-live-for", key); }

  function setRunning(key, on) {
    barsOf(key).forEach(function (bar) {
      bar.querySelector("[data-lt-run]").hidden = on;
      bar.querySelector("[data-lt-stop]").hidden = !on;
      bar.toggleAttribute("data-lt-running", on);
    });
  }

  function setRan(key, text) {
    barsOf(key).forEach(function (bar) {
      var status = bar.querySelector("[data-lt-status]");
      status.textContent = text;
      status.setAttribute("data-lt-ran", text);
      bar.setAttribute("data-lt-ran", text);
    });
    byKey("data-lt-cell", key).forEach(function (pre) { pre.setAttribute("data-lt-ran", text); });
  }

  function setEdited(key, on) {
    edited[key] = on;
    byKey("data-lt-cell", key).forEach(function (pre) {
      var section = pre.closest("section");
      if (!section) return;
      var banner = section.querySelector(".lt-live-banner[data-lt-banner-for='" + CSS.escape(key) + "']");
      if (on && !banner) {
        banner = document.createElement("div");
        banner.className = "lt-live-banner";
        banner.setAttribute("data-lt-banner-for", key);
        banner.innerHTML = '<span>This slide shows edited code, not the file’s.</span>' +
          '<button type="button" data-lt-reset>reset</button>' +
          '<button type="button" data-lt-save>save to file</button>';
        banner.querySelector("[data-lt-reset]").onclick = function () { reset(key); };
        banner.querySelector("[data-lt-save]").onclick = function () { save(key); };
        section.appendChild(banner);
      } else if (!on && banner) {
        banner.remove();
      }
    });
  }

  /* ---------- actions ---------- */

  function run(key) {
    var editor = editors[key];
    var body = { key: key };
    if (editor) body.code = editor.code();
    setRunning(key, true);
    setRan(key, "running…");
    return post("run", body).then(function (answer) {
      runs[key] = answer.id;
      if (editor) setEdited(key, true);
    }).catch(function (error) {
      setRunning(key, false);
      setRan(key, "could not run: " + error.message);
    });
  }

  function stop(key) {
    var id = runs[key];
    if (id) post("stop", { id: id });
  }

  function reset(key) {
    closeEditor(key);
    post("reset", { key: key }).then(function () { setEdited(key, false); setRan(key, ""); });
  }

  function save(key) {
    if (!window.confirm("Write the edited code into snippets/" + key.split("#")[0] + "?")) return;
    closeEditor(key);
    post("save", { key: key }).then(function (answer) {
      setEdited(key, false);
      setRan(key, "saved to " + answer.saved);
    }).catch(function (error) { setRan(key, "not saved: " + error.message); });
  }

  function edit(key) {
    if (editors[key]) { editors[key].focus(); return; }
    var pre = byKey("data-lt-cell", key).filter(function (p) { return !p.closest(".lt-deck-clone"); })[0];
    if (!pre) return;
    post("source", { key: key }).then(function (answer) { openEditor(key, pre, answer.code); });
  }

  function openEditor(key, pre, code) {
    var holder = document.createElement("div");
    holder.className = "lt-live-editor " + pre.className;
    // The listing's look: its font, size, colours and box, read from the block it replaces.
    var look = getComputedStyle(pre.querySelector("code") || pre), box = getComputedStyle(pre);
    ["fontFamily", "fontSize", "lineHeight", "color"].forEach(function (p) { holder.style[p] = look[p]; });
    ["backgroundColor", "borderTop", "borderBottom", "borderLeft", "borderRight", "borderRadius",
      "marginTop", "marginBottom"].forEach(function (p) { holder.style[p] = box[p]; });
    // Keys typed here are the editor's: never the viewer's (Enter, Space, arrows…).
    holder.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { if (runs[key]) stop(key); else closeEditor(key); }
      e.stopPropagation();
    });
    pre.parentNode.insertBefore(holder, pre);
    tokenColours(holder, pre);
    pre.hidden = true;
    var editor = {
      holder: holder, pre: pre,
      code: function () { return textarea ? textarea.value : view.state.doc.toString(); },
      focus: function () { (textarea || view).focus(); }
    };
    var view = null, textarea = null;
    withCodeMirror(function (make) {
      if (make) {
        view = make(holder, code, function () { run(key); });
        view.contentDOM.setAttribute("data-lt-editor", key);
      } else { // no bundle: a plain textarea still edits and runs
        textarea = document.createElement("textarea");
        textarea.value = code;
        textarea.setAttribute("data-lt-editor", key);
        textarea.spellcheck = false;
        textarea.addEventListener("keydown", function (e) {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey || e.shiftKey)) { e.preventDefault(); run(key); }
        });
        holder.appendChild(textarea);
      }
      editors[key] = editor;
      editor.focus();
      refit(pre.closest("section"));
    });
  }

  /* The slide's own Pygments colours (the theme's `lt-k`, `lt-s2` … classes) for the editor's
     tokens, read from a hidden listing of the same class. */
  var TOKENS = { k: "lt-k", s: "lt-s2", c: "lt-c1", m: "lt-mi", nf: "lt-nf", nc: "lt-nc", o: "lt-o" };
  function tokenColours(holder, pre) {
    var probe = document.createElement("pre");
    probe.className = pre.className;
    probe.style.cssText = "position:absolute;visibility:hidden;margin:0";
    var code = probe.appendChild(document.createElement("code"));
    var spans = {};
    Object.keys(TOKENS).forEach(function (name) {
      spans[name] = code.appendChild(document.createElement("span"));
      spans[name].className = TOKENS[name];
    });
    pre.parentNode.insertBefore(probe, pre);
    Object.keys(spans).forEach(function (name) {
      holder.style.setProperty("--lt-live-" + name, getComputedStyle(spans[name]).color);
    });
    probe.remove();
  }

  function closeEditor(key) {
    var editor = editors[key];
    if (!editor) return;
    delete editors[key];
    editor.holder.remove();
    editor.pre.hidden = false;
    refit(editor.pre.closest("section"));
  }

  var codeMirror = null;
  function withCodeMirror(then) {
    if (window.ltCodeMirror) return then(window.ltCodeMirror);
    if (!codeMirror) {
      codeMirror = new Promise(function (resolve) {
        var script = document.createElement("script");
        script.src = "/_live/codemirror.js";
        script.onload = function () { resolve(window.ltCodeMirror || null); };
        script.onerror = function () { resolve(null); };
        document.head.appendChild(script);
      });
    }
    codeMirror.then(then);
  }

  function refit(section) {
    if (section && window.ltViewer) window.ltViewer.refit(section);
  }

  /* ---------- what the server says ---------- */

  function onLive(event) {
    if (event.deck !== cfg.deck) return;
    var key = event.key;
    if (event.state === "running") {
      setRunning(key, true);
      setRan(key, "running… " + event.elapsed.toFixed(1) + " s");
      byKey("data-lt-out", key).forEach(function (out) {
        if (out.tagName !== "PRE") return;
        var code = out.querySelector("code") || out;
        code.textContent = event.text;
        out.scrollTop = out.scrollHeight;
      });
      return;
    }
    delete runs[key];
    setRunning(key, false);
    if (event.state === "ended") {
      setRan(key, event.status === "stopped" ? "stopped" : "rendering…");
      return;
    }
    swap(event);
    setEdited(key, !!event.edited);
    if (event.state === "done") {
      var when = new Date().toLocaleTimeString();
      var verb = event.status === "passed" ? "ran" : event.status;
      setRan(key, verb + " at " + when + " in " + event.elapsed.toFixed(2) + " s");
    }
  }

  /* The blocks of `event.key` in each slide the server sent replace ours, one for one
     (an output that became an error box included); the code too, unless being edited. */
  function swap(event) {
    var key = event.key;
    Object.keys(event.sections || {}).forEach(function (number) {
      var fresh = document.createElement("template");
      fresh.innerHTML = event.sections[number];
      var section = fresh.content.querySelector("section");
      if (!section) return;
      document.querySelectorAll('section[data-slide="' + number + '"]').forEach(function (ours) {
        ["data-lt-out", "data-lt-cell"].forEach(function (attr) {
          var now = ours.querySelectorAll("[" + attr + "]");
          var next = section.querySelectorAll("[" + attr + "]");
          Array.prototype.forEach.call(now, function (el, i) {
            if (el.getAttribute(attr) !== key || !next[i]) return;
            if (attr === "data-lt-cell" && editors[key] && editors[key].pre === el) {
              var copy = document.importNode(next[i], true);
              copy.hidden = true;
              el.replaceWith(copy);
              editors[key].pre = copy;
              return;
            }
            el.replaceWith(document.importNode(next[i], true));
          });
        });
        refit(ours);
      });
    });
  }

  /* ---------- keys ---------- */

  function currentSection() {
    return document.querySelector(".lt-deck > section[data-lt-active]") ||
      document.querySelector(".lt-deck > section");
  }

  function currentKey() {
    var section = currentSection();
    if (!section) return null;
    var pres = Array.prototype.filter.call(section.querySelectorAll("pre[data-lt-cell]"), function (pre) {
      return !pre.closest(".lt-deck-clone");
    });
    if (!pres.length) return null;
    // Stepped code: the last block shown at the current step.
    var step = window.ltViewer ? window.ltViewer.step() : 0;
    var shown = pres.filter(function (pre) { return +(pre.getAttribute("data-lt-step") || 0) <= step; });
    return (shown.length ? shown[shown.length - 1] : pres[0]).getAttribute("data-lt-cell");
  }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.target && (e.target.isContentEditable || /^(INPUT|TEXTAREA)$/.test(e.target.tagName))) return;
    var key = currentKey();
    if (e.key === "r" && key) { run(key); e.preventDefault(); }
    else if (e.key === "e" && key) { edit(key); e.preventDefault(); }
    else if (e.key === "Escape") {
      Object.keys(runs).forEach(stop);
    }
  });

  /* ---------- start ---------- */

  function start() {
    document.documentElement.classList.add("lt-live");
    Array.prototype.forEach.call(document.querySelectorAll("pre[data-lt-cell]"), function (pre) {
      if (!pre.closest(".lt-deck-clone")) controlsFor(pre);
    });
    var events = new EventSource("/_events");
    events.addEventListener("live", function (e) {
      try { onLive(JSON.parse(e.data)); } catch (error) { if (window.console) console.error(error); }
    });
    // Edits the server still holds (this tab was reloaded): show the banner, and the code.
    var keys = {};
    Array.prototype.forEach.call(document.querySelectorAll("pre[data-lt-cell]"), function (pre) {
      keys[pre.getAttribute("data-lt-cell")] = true;
    });
    Object.keys(keys).forEach(function (key) {
      post("source", { key: key }).then(function (answer) {
        if (answer.edited) setEdited(key, true);
      }).catch(function () {});
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
