import { execute, getOperationAST, Kind, parse, validate, type DocumentNode, type GraphQLError } from "graphql";
import type { CostBucket } from "./cost";
import { queryCost } from "./cost";
import type { FaultBox } from "./faults";
import { mutationRoot } from "./mutations";
import type { Sim } from "./nodes";
import { queryRoot } from "./queries";
import { schema } from "./schema";

export interface GraphqlAnswer { status: number; body: unknown }

const MAX_COST = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const formatError = (e: GraphQLError) => ({ message: e.message, ...(e.locations ? { locations: e.locations } : {}), ...(e.path ? { path: e.path } : {}) });

/**
 * One POST /admin/api/<version>/graphql.json after authentication: parse,
 * validate, cost, leaky bucket, faults, execute. Like Shopify, throttling and
 * GraphQL errors answer HTTP 200 with `errors`, and every answer that got as far
 * as costing carries `extensions.cost`.
 */
export async function handleGraphql(sim: Sim, bucket: CostBucket, faults: FaultBox, payload: unknown): Promise<GraphqlAnswer> {
  const req = (payload ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
  if (typeof req.query !== "string" || req.query.trim() === "") return { status: 400, body: { errors: { query: "Required parameter missing or invalid" } } };
  const variables = (req.variables && typeof req.variables === "object" ? req.variables : {}) as Record<string, unknown>;
  const operationName = typeof req.operationName === "string" ? req.operationName : undefined;
  let doc: DocumentNode;
  try {
    doc = parse(req.query);
  } catch (err) {
    return { status: 200, body: { errors: [formatError(err as GraphQLError)] } };
  }
  const invalid = validate(schema, doc);
  if (invalid.length > 0) return { status: 200, body: { errors: invalid.map(formatError) } };
  const operation = getOperationAST(doc, operationName);
  if (!operation) return { status: 200, body: { errors: [{ message: "An operation name is required when the document has more than one operation" }] } };

  const requested = queryCost(doc, operation, variables);
  const rootFields = operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
  const cost = (actual: number | null) => ({ cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: bucket.status() } });

  const fault = faults.take(rootFields);
  if (fault?.delayMs) await sleep(fault.delayMs);
  if (fault?.status) {
    const body = fault.status >= 500 ? { errors: "Internal Server Error" } : fault.status === 429 ? { errors: "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service." } : { errors: `HTTP ${fault.status}` };
    return { status: fault.status, body };
  }
  if (fault?.graphqlError === "THROTTLED") return throttled(cost);
  if (fault?.graphqlError) {
    return { status: 200, body: { errors: [{ message: fault.graphqlError === "INTERNAL_SERVER_ERROR" ? "Internal error. Looks like something went wrong on our end." : fault.graphqlError, extensions: { code: fault.graphqlError } }], extensions: cost(null) } };
  }
  if (requested > MAX_COST) {
    return {
      status: 200,
      body: { errors: [{ message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_COST}).`, extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_COST } }], extensions: cost(null) },
    };
  }
  if (!bucket.take(requested)) return throttled(cost);

  const rootValue = operation.operation === "mutation" ? mutationRoot(sim) : queryRoot(sim);
  const result = await execute({ schema, document: doc, rootValue, variableValues: variables, operationName });
  return {
    status: 200,
    body: { ...(result.errors ? { errors: result.errors.map(formatError) } : {}), data: result.data ?? null, extensions: cost(requested) },
  };
}

function throttled(cost: (actual: number | null) => unknown): GraphqlAnswer {
  return {
    status: 200,
    body: { errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }], extensions: cost(null) },
  };
}
