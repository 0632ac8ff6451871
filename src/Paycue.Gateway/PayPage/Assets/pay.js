// Paycue pay page: keeps the server-rendered page current. Polls the status once a second until the payment is
// closed, counts down locally between polls, and copies the amount and card number. Every sentence it shows comes
// from data-* attributes the server rendered in the payer's language, so this file has no translations.
"use strict";

(() => {
  const body = document.body;
  const api = body.dataset.api;
  const announcer = document.getElementById("announce");

  const announce = (text) => {
    if (announcer) {
      // Clear first so the same sentence twice is still announced.
      announcer.textContent = "";
      window.setTimeout(() => { announcer.textContent = text; }, 50);
    }
  };

  const legacyCopy = (text) => {
    // Clipboard API needs a secure context; plain-http deployments fall back to a selection copy.
    const field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.className = "sr-only";
    body.appendChild(field);
    field.select();
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch {
      copied = false;
    }
    field.remove();
    return copied;
  };

  for (const button of document.querySelectorAll("button[data-copy]")) {
    const label = button.textContent;
    button.addEventListener("click", async () => {
      const text = button.dataset.copy;
      let copied;
      try {
        await navigator.clipboard.writeText(text);
        copied = true;
      } catch {
        copied = legacyCopy(text);
      }
      const result = copied ? button.dataset.done : button.dataset.failed;
      button.textContent = result;
      announce(result);
      window.setTimeout(() => { button.textContent = label; }, 2000);
    });
  }

  if (!api) {
    return; // The 404 page: nothing to keep current.
  }

  const state = document.getElementById("state");
  const timer = document.getElementById("timer");
  let secondsLeft = Number(body.dataset.secondsLeft) || 0;
  // Counted from this page's monotonic clock, re-based on every answer: a wrong phone clock cannot skew it.
  let measuredAt = performance.now();
  let final = body.dataset.final === "true";
  let serverState = final ? null : "active";
  let expired = false;

  const remaining = () => Math.max(0, secondsLeft - Math.floor((performance.now() - measuredAt) / 1000));

  const clock = (seconds) => {
    const hours = Math.floor(seconds / 3600);
    const minutes = String(Math.floor(seconds / 60) % 60).padStart(2, "0");
    const rest = String(seconds % 60).padStart(2, "0");
    return hours > 0 ? `${hours}:${minutes}:${rest}` : `${minutes}:${rest}`;
  };

  const pageState = () => {
    if (serverState === "confirmed") {
      return "confirmed";
    }
    if (serverState === "cancelled") {
      return expired ? "expired" : "cancelled";
    }
    // Past the deadline but not closed: a payment made in time may still be read. Only the server says "expired".
    return remaining() === 0 ? "checking" : "active";
  };

  const render = () => {
    if (timer) {
      timer.textContent = clock(remaining());
    }
    const next = pageState();
    if (next !== "active") {
      // Nothing may be paid any more: the card leaves the page (the server no longer sends it either).
      document.getElementById("card")?.closest("section")?.remove();
    }
    if (!body.classList.contains(`state-${next}`)) {
      body.className = `state-${next}`;
      // Setting the text of the live region is what screen readers announce.
      state.textContent = state.dataset[next];
    }
  };

  const poll = async () => {
    let delay = 1000;
    try {
      const response = await fetch(api, { cache: "no-store", headers: { accept: "application/json" } });
      if (response.ok) {
        const view = (await response.json()).data;
        serverState = view.state;
        expired = view.expired;
        secondsLeft = view.seconds_left;
        measuredAt = performance.now();
        final = view.state !== "active";
        render();
      } else if (response.status === 429) {
        delay = 5000;
      }
    } catch {
      // Offline for a moment on mobile data: keep counting down and ask again.
    }
    if (!final) {
      window.setTimeout(poll, delay);
    }
  };

  const tick = () => {
    render();
    if (!final) {
      window.setTimeout(tick, 250);
    }
  };

  if (!final) {
    tick();
    window.setTimeout(poll, 1000);
  }
})();
