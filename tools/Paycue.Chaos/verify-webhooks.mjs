// Verifies every recorded webhook delivery with the official Standard Webhooks library (npm "standardwebhooks"),
// not with Paycue's own signer. Input: the receiver's JSON lines; the secret in CHAOS_WEBHOOK_SECRET; the folder
// holding node_modules in CHAOS_NODE_MODULES. Output: one JSON line per delivery, {"i": n, "ok": bool, "error"}.
// The library refuses timestamps more than 5 minutes from "now"; "now" is set to the moment the receiver got the
// delivery, which is when a merchant would have verified it.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(process.env.CHAOS_NODE_MODULES.replace(/\/?$/, "/"));
const { Webhook } = require("standardwebhooks");

const webhook = new Webhook(process.env.CHAOS_WEBHOOK_SECRET);
const realNow = Date.now;
const lines = readFileSync(process.argv[2], "utf8").split("\n").filter((l) => l.length > 0);
const out = [];
lines.forEach((line, i) => {
  const d = JSON.parse(line);
  Date.now = () => d.AtMs;
  try {
    webhook.verify(d.Body, { "webhook-id": d.Id, "webhook-timestamp": d.Timestamp, "webhook-signature": d.Signature });
    out.push(JSON.stringify({ i, ok: true }));
  } catch (e) {
    out.push(JSON.stringify({ i, ok: false, error: String(e.message ?? e) }));
  } finally {
    Date.now = realNow;
  }
});
process.stdout.write(out.join("\n") + (out.length ? "\n" : ""));
