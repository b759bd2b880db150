import { GENERATE_LIMIT } from "./order-jobs";
import { simulatorPageHead } from "../../simulator-page";

/**
 * `GET /__sim`: a one-screen control panel for demos — generate orders (they
 * arrive as signed orders/create webhooks), see subscriptions and deliveries.
 * Plain HTML and a few lines of script; the JSON control API does the work.
 */
export function controlPage(shopDomain: string): string {
  // Counts above GENERATE_INLINE_LIMIT come back as a background job; the page follows its progress.
  return `${simulatorPageHead(`Shopify simulator · ${shopDomain}`, "#1f5fbf")}
<body><h1>Shopify simulator — ${shopDomain}</h1>
<p>Admin GraphQL API at <code>/admin/api/2025-01/graphql.json</code>. Orders generated here are sent as signed <code>orders/create</code> webhooks to every subscribed URL.</p>
<fieldset><legend>Generate orders</legend>
<label>Count <input id="count" type="number" min="1" max="${GENERATE_LIMIT}" value="10"></label>
<label>Duplicate every <input id="dup" type="number" min="0" value="0"> th webhook</label>
<button id="go">Generate</button> <span id="result"></span></fieldset>
<fieldset><legend>Webhook subscriptions</legend><pre id="subs">…</pre></fieldset>
<fieldset><legend>Last deliveries</legend><pre id="deliveries">…</pre></fieldset>
<script>
const show = async () => {
  const subs = await (await fetch("/__sim/webhooks")).json();
  document.getElementById("subs").textContent = JSON.stringify(subs.subscriptions, null, 2);
  const d = await (await fetch("/__sim/webhooks/deliveries")).json();
  document.getElementById("deliveries").textContent = JSON.stringify(d.deliveries.slice(-10), null, 2);
};
document.getElementById("go").onclick = async () => {
  const count = Number(document.getElementById("count").value), dup = Number(document.getElementById("dup").value);
  const res = await fetch("/__sim/orders/generate", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(dup > 0 ? { count, duplicateEvery: dup } : { count }) });
  const body = await res.json(), result = document.getElementById("result");
  if (res.status === 202) {
    const follow = async () => {
      const { job } = await (await fetch(body.progressUrl)).json();
      result.textContent = job.generated + " of " + job.count + " orders created" + (job.status === "running" ? " …" : "");
      if (job.status === "running") setTimeout(follow, 1000); else show();
    };
    return follow();
  }
  result.textContent = res.ok ? body.orders.length + " orders created" : body.errors;
  setTimeout(show, 500);
};
show(); setInterval(show, 3000);
</script></body></html>`;
}
