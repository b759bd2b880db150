import { simulatorPageHead } from "../../simulator-page";

/**
 * `GET /__sim`: a one-screen control panel for demos and the EDI walkthrough —
 * ship sales orders (item fulfillments the fulfillment poll picks up) and bill
 * them (invoices the invoice poll picks up). Plain HTML and a few lines of script;
 * the JSON control API (POST /__sim/fulfillments, POST /__sim/invoices) does the work.
 */
export function controlPage(accountId: string): string {
  return `${simulatorPageHead(`NetSuite simulator · ${accountId}`, "#125580", "260px")}
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
