import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shopifyConnector } from "../../src/shopify/connector";
import type { ShopifySimulatorControl } from "../../src/shopify/simulator";
import { verifyShopifyHmac } from "../../src/shopify/webhook";
import { describeContract, testContext, type TestConnection } from "../../src/testing";
import { realTarget, simulatorTarget } from "./helpers";

const webhook = shopifyConnector.webhook!;

describe("Shopify webhook signatures (X-Shopify-Hmac-Sha256)", () => {
  const connection = (secret: string): TestConnection => ({ id: "c", name: "c", config: {}, secrets: { accessToken: "x", webhookSecret: secret } });
  const request = (rawBody: Buffer, hmac: string) => ({ headers: { "x-shopify-hmac-sha256": hmac }, rawBody, body: JSON.parse(rawBody.toString("utf8")) as unknown });

  it("accepts a published example pair (body, secret, base64 HMAC) and rejects tampering", () => {
    // A third-party published vector for Shopify's scheme (sqlpage's webhook-HMAC test),
    // re-checked with `openssl dgst -sha256 -hmac test-webhook-secret -binary | base64`.
    const body = Buffer.from('{"id":1234567890,"email":"customer@example.com","total_price":"123.45"}');
    const hmac = "QNyObTlKbMx2qDlPF/ZOZcBqg5OgPg+2oky3zldc0Gw=";
    expect(webhook.verify(request(body, hmac), connection("test-webhook-secret"))).toBe(true);
    expect(webhook.verify(request(Buffer.from(body.toString().replace("123.45", "1.45")), hmac), connection("test-webhook-secret"))).toBe(false);
    expect(webhook.verify(request(body, hmac), connection("other-secret"))).toBe(false);
    expect(webhook.verify(request(body, Buffer.from(hmac, "base64").toString("hex")), connection("test-webhook-secret"))).toBe(false);
    expect(webhook.verify({ headers: {}, rawBody: body, body: {} }, connection("test-webhook-secret"))).toBe(false);
  });

  it("verifies a full orders/create payload byte for byte (the standard-mapping fixture, pinned HMAC)", () => {
    // Shopify has no official signed example; the payload is the repo's orders/create fixture (modelled on
    // shopify.dev's Order resource example) and the HMAC was computed with openssl under the secret "hush".
    const raw = readFileSync(new URL("../../../standard-mappings/fixtures/shopify-order-multi-line.json", import.meta.url));
    expect(verifyShopifyHmac(raw, "jnsmNVSLvBJNKgxz8uE+yEK7iLetx8U2u93pp+rV/Bc=", "hush")).toBe(true);
    // Re-serialised JSON is not the raw body: the signature must be checked on the bytes as received.
    expect(verifyShopifyHmac(Buffer.from(JSON.stringify(JSON.parse(raw.toString("utf8")))), "jnsmNVSLvBJNKgxz8uE+yEK7iLetx8U2u93pp+rV/Bc=", "hush")).toBe(false);
  });
});

interface Received { headers: IncomingHttpHeaders; rawBody: Buffer }

describeContract("Shopify webhooks", {
  connector: shopifyConnector,
  simulator: simulatorTarget(),
  real: realTarget,
  tests: (target) => {
    const received: Received[] = [];
    let failNext = 0;
    let url = "";
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({ headers: req.headers, rawBody: Buffer.concat(chunks) });
        res.writeHead(failNext-- > 0 ? 500 : 200).end();
      });
    });
    beforeAll(async () => {
      await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
      url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/shopify`;
    });
    afterAll(() => new Promise<void>((r) => receiver.close(() => r())));
    const sim = () => target().simulator as ShopifySimulatorControl;
    const asRequest = (r: Received) => ({ headers: r.headers, rawBody: r.rawBody, body: JSON.parse(r.rawBody.toString("utf8")) as unknown });

    it("subscribes with webhookSubscriptionCreate and delivers signed orders/create that the connector verifies", async () => {
      if (target().kind !== "simulator") return;
      const conn = target().connection;
      const res = await testContext(conn).http({
        method: "POST",
        url: `${String(conn.config.baseUrl)}/admin/api/2025-01/graphql.json`,
        headers: { "x-shopify-access-token": conn.secrets.accessToken ?? "" },
        body: { query: `mutation($url: URL!) { webhookSubscriptionCreate(topic: ORDERS_CREATE, webhookSubscription: { callbackUrl: $url, format: JSON }) { webhookSubscription { id topic } userErrors { field message } } }`, variables: { url } },
      });
      expect(res.body).toMatchObject({ data: { webhookSubscriptionCreate: { webhookSubscription: { topic: "ORDERS_CREATE" }, userErrors: [] } } });
      const [order] = sim().generateOrders({ count: 1 });
      await sim().webhooksIdle();
      const got = received.at(-1)!;
      expect(got.headers["x-shopify-topic"]).toBe("orders/create");
      expect(got.headers["x-shopify-shop-domain"]).toBe(sim().shopDomain);
      expect(got.headers["x-shopify-api-version"]).toBe("2025-01");
      expect(got.headers["x-shopify-triggered-at"]).toBeTruthy();
      expect(webhook.verify(asRequest(got), conn)).toBe(true);
      expect(webhook.topic!(asRequest(got))).toBe("orders/create");
      expect(JSON.parse(got.rawBody.toString("utf8"))).toMatchObject({ id: order!.id, name: order!.name });
    });

    it("redelivers on HTTP 500 with the same webhook and event ids until it is accepted", async () => {
      if (target().kind !== "simulator") return;
      failNext = 2;
      const before = received.length;
      sim().generateOrders({ count: 1 });
      await sim().webhooksIdle();
      const attempts = received.slice(before);
      expect(attempts).toHaveLength(3);
      expect(new Set(attempts.map((a) => a.headers["x-shopify-webhook-id"])).size).toBe(1);
      expect(new Set(attempts.map((a) => webhook.eventId!(asRequest(a)))).size).toBe(1);
      const log = sim().deliveries().filter((d) => d.webhookId === attempts[0]!.headers["x-shopify-webhook-id"]);
      expect(log.map((d) => [d.attempt, d.status])).toEqual([[1, 500], [2, 500], [3, 200]]);
    });

    it("a duplicate delivery carries the same event id (so the runtime deduplicates it)", async () => {
      if (target().kind !== "simulator") return;
      const before = received.length;
      sim().generateOrders({ count: 2, duplicateEvery: 2 });
      await sim().webhooksIdle();
      const got = received.slice(before).map(asRequest);
      expect(got).toHaveLength(3);
      const ids = got.map((r) => webhook.eventId!(r));
      expect(new Set(ids).size).toBe(2);
      const dupes = got.filter((r) => webhook.eventId!(r) === ids[2]);
      expect(dupes).toHaveLength(2);
      expect(dupes[0]!.headers["x-shopify-webhook-id"]).not.toBe(dupes[1]!.headers["x-shopify-webhook-id"]);
      expect(dupes.every((r) => webhook.verify(r, target().connection))).toBe(true);
    });
  },
});
