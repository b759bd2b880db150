import { parseArgs } from "node:util";
import { clearExpressionCache, evaluateExpression, ExpressionSandbox, type EvaluateOptions } from "../src";

/**
 * `npm run bench -w @ipaas/mapping-engine [-- --seconds N]`: evaluations per second
 * of a realistic Shopify order → SalesOrder mapping (50 lines, library functions,
 * a $lookup per line), with the compiled expression cached versus compiled for
 * every evaluation, both measured in this run on this machine. Each variant is
 * bounded in time (default 3 s after a short warm-up), not in iterations.
 * A third variant evaluates in a sandbox thread (the editor's preview path,
 * evaluateIsolated): what a round trip per evaluation and per $lookup costs, and
 * why flows in the runtime stay in-process (see src/sandbox/pool.ts).
 */

const SALES_ORDER = `(
  $currency := currency;
  $lines := line_items[quantity > 0];
  {
    "externalId": "shopify-" & $string(id),
    "orderNumber": name,
    "channel": "shopify",
    "orderDate": $formatDate(created_at, "yyyy-MM-dd", "America/New_York"),
    "shipBy": $businessDaysAdd($formatDate(created_at, "yyyy-MM-dd", "America/New_York"), 2),
    "customer": {
      "email": $lowercase($trim(customer.email)),
      "name": $coalesce(customer.first_name & " " & customer.last_name, shipping_address.name)
    },
    "shipTo": {
      "name": $ediSafe(shipping_address.name),
      "address1": $truncate($ediSafe(shipping_address.address1), 55),
      "city": shipping_address.city,
      "region": shipping_address.province_code,
      "postalCode": $padLeft(shipping_address.zip, 5, "0"),
      "country": $uppercase(shipping_address.country_code)
    },
    "lines": [$lines.{
      "lineNumber": $padLeft($string(position), 3, "0"),
      "sku": $lookup("sku-map", $normalizeSku(sku), $normalizeSku(sku)),
      "gtin": $isValidGtin(barcode) ? $normalizeGtin(barcode) : undefined,
      "description": $truncate(title & ($exists(variant_title) ? " - " & variant_title : ""), 80),
      "quantity": quantity,
      "uom": "EA",
      "weightKg": $convertUom(grams, "g", "kg"),
      "unitPrice": { "amountMinor": $toMinor($money(price, $currency), $currency), "currency": $currency },
      "lineTotal": $money($moneyMul(price, quantity), $currency),
      "discount": $moneySum(discount_allocations.amount),
      "tax": $moneySum(tax_lines.price)
    }],
    "subtotal": $money($moneySum($lines.$moneyMul(price, quantity)), $currency),
    "shipping": $money($moneySum(shipping_lines.price), $currency),
    "tags": $ensureArray($split(tags, ",").$trim($)),
    "note": $default(note, "")
  }
)`;

function shopifyOrder(lineCount: number): unknown {
  return {
    id: 820982911946154500,
    name: "#1001",
    created_at: "2024-03-08T21:15:00-05:00",
    currency: "USD",
    note: null,
    tags: "wholesale, priority , net30",
    customer: { email: "  Buyer@Example.com ", first_name: "Ada", last_name: "Lovelace" },
    shipping_address: {
      name: "Ada Lovelace",
      address1: "12 Analytical Way*Dock~3",
      city: "Springfield",
      province_code: "IL",
      zip: "627",
      country_code: "us",
    },
    shipping_lines: [{ code: "GROUND", price: "12.50" }],
    line_items: Array.from({ length: lineCount }, (_, i) => ({
      position: i + 1,
      sku: ` ab-${1000 + i} `,
      barcode: i % 2 === 0 ? "036000291452" : "not-a-gtin",
      title: `Widget ${i + 1}`,
      variant_title: i % 3 === 0 ? "Large" : null,
      quantity: (i % 5) + 1,
      price: `${(i % 40) + 9}.99`,
      grams: 450 + i,
      tax_lines: [{ price: "1.23" }],
      discount_allocations: i % 4 === 0 ? [{ amount: "0.50" }] : [],
    })),
  };
}

const skuMap = new Map(Array.from({ length: 50 }, (_, i) => [`AB-${1000 + i}`, `NS-${9000 + i}`]));
const lookup = (table: string, key: string) => Promise.resolve(table === "sku-map" ? skuMap.get(key) : undefined);

interface Variant {
  label: string;
  /** Runs before every evaluation: nothing, or emptying the cache so each evaluation compiles. */
  before: () => void;
  evaluate: (text: string, input: unknown, options: EvaluateOptions) => Promise<unknown>;
  count: number;
  ms: number;
}

/**
 * The variants alternate in short rounds rather than running one after the other,
 * so a change in machine load during the run (CI neighbours) hits both alike.
 */
async function measure(variants: Variant[], seconds: number, input: unknown): Promise<void> {
  const ROUND_MS = 250;
  const round = async (variant: Variant, ms: number) => {
    const start = performance.now();
    const end = start + ms;
    let count = 0;
    while (performance.now() < end) {
      variant.before();
      await variant.evaluate(SALES_ORDER, input, { lookup });
      count++;
    }
    return { count, ms: performance.now() - start };
  };
  for (const variant of variants) await round(variant, Math.min(500, seconds * 250)); // warm-up: JIT, caches
  const rounds = Math.max(1, Math.round((seconds * 1000) / ROUND_MS));
  for (let i = 0; i < rounds; i++) {
    for (const variant of variants) {
      const { count, ms } = await round(variant, ROUND_MS);
      variant.count += count;
      variant.ms += ms;
    }
  }
}

const rate = (v: Variant) => v.count / (v.ms / 1000);

async function main() {
  const { values } = parseArgs({ options: { seconds: { type: "string", default: "3" }, lines: { type: "string", default: "50" } } });
  const seconds = Number(values.seconds);
  const lines = Number(values.lines);
  if (!(seconds > 0) || !Number.isInteger(lines) || lines < 1) throw new Error("usage: --seconds <positive number> --lines <positive integer>");
  const order = shopifyOrder(lines);
  const sample = (await evaluateExpression(SALES_ORDER, order, { lookup })) as { lines: unknown[] };
  console.log(`Shopify order with ${lines} lines → SalesOrder (${sample.lines.length} lines, ${JSON.stringify(sample).length} bytes of JSON)`);
  const sandbox = new ExpressionSandbox({ minThreads: 1, maxThreads: 1 });
  const cached: Variant = { label: "compiled once, cached", before: () => undefined, evaluate: evaluateExpression, count: 0, ms: 0 };
  const uncached: Variant = { label: "compiled every evaluation", before: clearExpressionCache, evaluate: evaluateExpression, count: 0, ms: 0 };
  const isolated: Variant = { label: "sandbox thread, cached", before: () => undefined, evaluate: (t, i, o) => sandbox.evaluate(t, i, o), count: 0, ms: 0 };
  await sandbox.evaluate("1", {}); // the thread loads the engine once
  await measure([cached, uncached, isolated], seconds, order);
  await sandbox.close();
  for (const v of [cached, uncached, isolated]) {
    console.log(`${v.label.padEnd(28)} ${rate(v).toFixed(0).padStart(8)} evaluations/s  (${v.count} in ${(v.ms / 1000).toFixed(1)} s)`);
  }
  console.log(`cache speed-up: ${(rate(cached) / rate(uncached)).toFixed(2)}x`);
  console.log(`sandbox thread cost: ${(rate(cached) / rate(isolated)).toFixed(2)}x the in-process cached evaluation`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
