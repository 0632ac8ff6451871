// Paycue console: the only script. Pages work without it; it refreshes live parts and copies links.
(function () {
  "use strict";

  // Live parts (the overview, the first page of a list): fetched again every few seconds and swapped in place, but
  // never while the keyboard is inside one (a refresh would throw the focus away) or the tab is hidden.
  var live = Array.prototype.slice.call(document.querySelectorAll("[data-refresh]"));
  if (live.length > 0) {
    var seconds = parseInt(live[0].getAttribute("data-refresh"), 10) || 10;
    setInterval(function () {
      if (document.hidden) { return; }
      fetch(location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (r) { return r.ok && !r.redirected ? r.text() : null; })
        .then(function (html) {
          if (!html) { return; }
          var fresh = new DOMParser().parseFromString(html, "text/html");
          live.forEach(function (part) {
            var next = fresh.getElementById(part.id);
            if (next && !part.contains(document.activeElement)) { part.innerHTML = next.innerHTML; }
          });
        })
        .catch(function () { });
    }, seconds * 1000);
  }

  document.addEventListener("click", function (e) {
    var button = e.target.closest ? e.target.closest("button[data-copy]") : null;
    if (!button || !navigator.clipboard) { return; }
    navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
      button.textContent = button.getAttribute("data-done");
    });
  });
})();
