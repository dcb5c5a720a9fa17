// Storyline boot script: offline reading through the service worker (sw.js, written by
// `storyline build`) and the notice that a newer version is ready. One file that every page
// of a site shares (not a copy in each page), loaded with `defer`: it never holds up the
// first paint.
(function () {
  function notice(className, text, button) {
    function show() {
      var box = document.createElement("div");
      box.className = className;
      box.setAttribute("role", "status");
      var p = document.createElement("p");
      p.textContent = text;
      box.appendChild(p);
      if (button) box.appendChild(button);
      document.body.insertBefore(box, document.body.firstChild);
    }
    if (document.body) show(); else document.addEventListener("DOMContentLoaded", show);
  }
  if (location.protocol === "file:") return; // index.html explains what to do
  if (!("serviceWorker" in navigator)) return;
  var base = new URL(document.baseURI);
  // Reload only when the reader accepted an update (a first install also changes the
  // controller, and must not reload the page under the reader).
  var accepted = false;
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (!accepted) return;
    accepted = false;
    location.reload();
  });
  function offer(worker) {
    if (document.querySelector(".update-banner")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Show the new version";
    button.addEventListener("click", function () { accepted = true; worker.postMessage("skip-waiting"); });
    notice("update-banner", "A newer version of this story is ready.", button);
  }
  // Registered once the app has shown its first screen (src/lib.rs: STARTED_EVENT), not
  // during the page's load: installing the worker downloads the whole site, which must
  // not compete with the app's own start.
  addEventListener("storyline-started", register, { once: true });
  function register() {
    navigator.serviceWorker.register(new URL("sw.js", base).href, { scope: base.pathname }).then(function (reg) {
      if (reg.waiting && navigator.serviceWorker.controller) offer(reg.waiting);
      reg.addEventListener("updatefound", function () {
        var worker = reg.installing;
        if (!worker) return;
        worker.addEventListener("statechange", function () {
          if (worker.state === "installed" && navigator.serviceWorker.controller) offer(worker);
        });
      });
    }).catch(function () { /* offline reading is a bonus: the site works without it */ });
  }
})();
