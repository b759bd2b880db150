import { ACK_MODES } from "./acks";
import type { PartnerIdentity } from "./control";
import { INJECTED_ERRORS } from "./documents";

const options = (values: readonly string[], none?: string) => (none ? [`<option value="">${none}</option>`] : []).concat(values.map((v) => `<option>${v}</option>`)).join("");

/**
 * `GET /control`: the retailer/3PL panel for demos — send an 850 (optionally broken),
 * choose how 997s are answered, inject AS2 faults, and see every document with its
 * control numbers, validation and acknowledgement. Plain HTML; the JSON API does the work.
 */
export function controlPage(identity: PartnerIdentity): string {
  const who = `${identity.retailer.qualifier}*${identity.retailer.isaId} · 3PL ${identity["3pl"].qualifier}*${identity["3pl"].isaId}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>EDI partner simulator · ${identity.retailer.isaId}</title>
<style>body{font:14px system-ui,sans-serif;margin:32px;max-width:1100px;color:#1b1f24}h1{font-size:20px}
fieldset{border:1px solid #e2e5ea;border-radius:8px;padding:14px;margin:0 0 16px}button{font:inherit;font-weight:600;padding:6px 14px;border-radius:6px;border:1px solid #1f5fbf;background:#1f5fbf;color:#fff;cursor:pointer}
input,select{font:inherit;padding:5px 8px}input[type=number]{width:70px}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e2e5ea;padding:5px 6px;text-align:left;vertical-align:top;font-size:13px}
.bad{color:#b42318}.ok{color:#067647}code{font-size:12px}</style></head>
<body><h1>EDI partner simulator — ${who}</h1>
<p>AS2 endpoint <code>/as2</code> (AS2 ${identity.retailer.as2Name} / ${identity["3pl"].as2Name}); expects us as <code>${identity.us.qualifier}*${identity.us.isaId}</code>, X12 ${identity.version}. Target: <code id="target">…</code></p>
<fieldset><legend>Retailer: send an 850</legend>
<label>Lines <input id="lines" type="number" min="1" max="50" value="2"></label>
<label>PO number <input id="po" placeholder="generated"></label>
<label>Error <select id="error">${options(INJECTED_ERRORS, "none")}</select></label>
<button id="send">Send 850</button> <span id="result"></span></fieldset>
<fieldset><legend>Answers</legend>
<label>997 mode <select id="mode">${options(ACK_MODES)}</select></label>
<label>late after <input id="late" type="number" min="0"> s</label>
<label>3PL ships after <input id="ship" type="number" min="0"> s</label>
<button id="save">Save</button>
<button id="fault500">Next AS2 message: HTTP 500</button> <button id="faultMdn">Next: negative MDN</button> <button id="clear">Clear faults</button> <span id="faults"></span></fieldset>
<fieldset><legend>Documents</legend><table><thead><tr><th>#</th><th>when</th><th>dir</th><th>party</th><th>sets (ref)</th><th>ISA13 / GS06 / ST02 (SE01)</th><th>valid</th><th>997</th><th>transport</th></tr></thead><tbody id="docs"></tbody></table></fieldset>
<script>
const $ = (id) => document.getElementById(id);
const post = (path, body) => fetch(path, { method: body === undefined ? "DELETE" : "POST", headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }).then((r) => r.json());
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
let loaded = false;
const show = async () => {
  const s = await (await fetch("/control/state")).json();
  $("target").textContent = s.config.transport + " → " + (s.config.targetUrl ?? "(none)");
  if (!loaded) { $("mode").value = s.config.ackMode; $("late").value = s.config.lateSeconds; $("ship").value = s.config.shipDelaySeconds; loaded = true; }
  $("faults").textContent = s.faults.length ? JSON.stringify(s.faults) : "";
  $("docs").innerHTML = s.documents.slice().reverse().map((d) => {
    const sets = d.groups.flatMap((g) => g.sets.map((x) => x.id + (x.reference ? " (" + x.reference + ")" : ""))).join(", ");
    const numbers = d.interchangeControlNumber + " / " + d.groups.map((g) => g.controlNumber + ": " + g.sets.map((x) => x.controlNumber + " (" + x.segmentCount + ")").join(" ")).join("; ");
    const valid = d.valid && d.sequenceIssues.length === 0 ? '<span class="ok">valid</span>' : '<span class="bad" title="' + esc(d.issues.concat(d.sequenceIssues).join("\\n")) + '">' + (d.issues.length + d.sequenceIssues.length) + " issue(s)</span>";
    const ack = d.ack ? esc(d.ack.status + (d.ack.sets.some((x) => x.codes.length) ? " " + d.ack.sets.map((x) => x.codes.join("/")).join(" ") : "")) : "";
    const via = d.delivery ? d.transport + (d.delivery.ok ? "" : ' <span class="bad" title="' + esc(d.delivery.detail) + '">failed</span>') : d.transport;
    return "<tr><td><a href='/control/documents/" + d.id + "/raw'>" + d.id + "</a></td><td>" + d.at.slice(11, 19) + "</td><td>" + d.direction + "</td><td>" + d.role + "</td><td>" + esc(sets) + "</td><td><code>" + esc(numbers) + "</code></td><td>" + valid + "</td><td>" + ack + "</td><td>" + via + "</td></tr>";
  }).join("");
};
$("send").onclick = async () => {
  const body = { lines: Number($("lines").value) };
  if ($("po").value) body.poNumber = $("po").value;
  if ($("error").value) body.error = $("error").value;
  const r = await post("/control/send-850", body);
  $("result").textContent = r.document ? "sent " + r.document.groups[0].sets[0].reference + (r.document.delivery.ok ? "" : " — delivery failed: " + r.document.delivery.detail) : JSON.stringify(r);
  show();
};
$("save").onclick = async () => { await post("/control/config", { ackMode: $("mode").value, lateSeconds: Number($("late").value), shipDelaySeconds: Number($("ship").value) }); show(); };
$("fault500").onclick = async () => { await post("/control/faults", { status: 500 }); show(); };
$("faultMdn").onclick = async () => { await post("/control/faults", { mdnError: "decryption-failed" }); show(); };
$("clear").onclick = async () => { await post("/control/faults"); show(); };
show(); setInterval(show, 2000);
</script></body></html>`;
}
