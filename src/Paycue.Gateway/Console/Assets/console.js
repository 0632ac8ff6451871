// Paycue console: the only script. Pages work without it; it refreshes live parts and copies links.
(function () {
  "use strict";
  var live = document.querySelector("[data-refresh]");
  if (live) {
    var seconds = parseInt(live.getAttribute("data-refresh"), 10) || 10;
    setInterval(function () {
      if (document.hidden) { return; }
      fetch(location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (r) { return r.ok && !r.redirected ? r.text() : null; })
        .then(function (html) {
          if (!html) { return; }
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(live.id);
          if (fresh) { live.innerHTML = fresh.innerHTML; }
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
