/**
 * `GET /__sim`: a one-screen control panel for demos and the EDI walkthrough —
 * ship sales orders (item fulfillments the fulfillment poll picks up) and bill
 * them (invoices the invoice poll picks up). Plain HTML and a few lines of script;
 * the JSON control API (POST /__sim/fulfillments, POST /__sim/invoices) does the work.
 */
export function controlPage(accountId: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>NetSuite simulator · ${accountId}</title>
<style>body{font:14px system-ui,sans-serif;margin:32px;max-width:760px;color:#1b1f24}h1{font-size:20px}
fieldset{border:1px solid #e2e5ea;border-radius:8px;padding:14px;margin:0 0 16px}button{font:inherit;font-weight:600;padding:6px 14px;border-radius:6px;border:1px solid #125580;background:#125580;color:#fff;cursor:pointer}
input{font:inherit;padding:5px 8px;width:260px}pre{background:#f6f7f9;padding:10px;border-radius:6px;overflow:auto;max-height:320px}</style></head>
<body><h1>NetSuite simulator — account ${accountId}</h1>
<p>SuiteTalk REST at <code>/services/rest/record/v1</code> and SuiteQL at <code>/services/rest/query/v1/suiteql</code>.</p>
<fieldset><legend>Sales order</legend>
<label>External id (empty = every eligible order) <input id="so" placeholder="edi:ZZ:ACME:4500012345"></label></fieldset>
<fieldset><legend>Actions</legend>
<button id="ship">Fulfill (ship)</button> <button id="bill">Bill (create invoice)</button> <span id="result"></span></fieldset>
<fieldset><legend>Sales orders</legend><pre id="orders">…</pre></fieldset>
<script>
const show = async () => {
  const { items } = await (await fetch("/__sim/records/salesOrder")).json();
  document.getElementById("orders").textContent = items.map((o) => [o.tranId, o.externalId ?? "", o.otherRefNum ?? "", o.status?.refName ?? ""].join("  ")).join("\\n") || "none";
};
const run = (path, noun) => async () => {
  const so = document.getElementById("so").value.trim();
  const res = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(so ? { salesOrderExternalId: so } : {}) });
  const body = await res.json();
  document.getElementById("result").textContent = res.ok ? body.items.map((r) => r.tranId).join(", ") + " " + noun : body.error;
  show();
};
document.getElementById("ship").onclick = run("/__sim/fulfillments", "created");
document.getElementById("bill").onclick = run("/__sim/invoices", "created");
show(); setInterval(show, 3000);
</script></body></html>`;
}
