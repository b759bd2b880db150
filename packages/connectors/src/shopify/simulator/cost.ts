import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode, type ValueNode } from "graphql";

/**
 * Query cost, simple but stable and close to Shopify's rules: an object field
 * costs 1, a scalar 0, a connection 2 + first × the cost of one node, and a
 * mutation 10 plus what it selects.
 */
export function queryCost(doc: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of doc.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const valueOf = (node: ValueNode): unknown => (node.kind === Kind.INT ? Number(node.value) : node.kind === Kind.VARIABLE ? variables[node.name.value] : undefined);
  const walk = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
    if (!set) return 0;
    let total = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (!sel.selectionSet) continue;
        // Connection wrappers cost nothing themselves: the connection field above counts the nodes.
        if (["nodes", "edges", "node", "pageInfo"].includes(sel.name.value) && !sel.arguments?.length) {
          total += walk(sel.selectionSet, seen);
          continue;
        }
        const firstArg = sel.arguments?.find((a) => a.name.value === "first");
        const first = firstArg ? Number(valueOf(firstArg.value) ?? 0) : undefined;
        const inner = walk(sel.selectionSet, seen);
        total += first !== undefined ? 2 + first * Math.max(inner, 1) : 1 + inner;
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        total += walk(sel.selectionSet, seen);
      } else {
        const frag = fragments.get(sel.name.value);
        if (frag && !seen.has(frag.name.value)) total += walk(frag.selectionSet, new Set([...seen, frag.name.value]));
      }
    }
    return total;
  };
  const selected = walk(operation.selectionSet, new Set());
  // A mutation's base cost is 10.
  return operation.operation === "mutation" ? 10 + selected : Math.max(1, selected);
}

export interface ThrottleStatus { maximumAvailable: number; currentlyAvailable: number; restoreRate: number }

/** Shopify's leaky bucket per app and shop: capacity maximumAvailable, refilled at restoreRate points per second. */
export class CostBucket {
  private available: number;
  private at = Date.now();

  constructor(
    public maximumAvailable: number,
    public restoreRate: number,
  ) {
    this.available = maximumAvailable;
  }

  configure(options: { maximumAvailable?: number; restoreRate?: number; currentlyAvailable?: number }): void {
    if (options.maximumAvailable !== undefined) this.maximumAvailable = options.maximumAvailable;
    if (options.restoreRate !== undefined) this.restoreRate = options.restoreRate;
    this.refill();
    this.available = Math.min(this.maximumAvailable, options.currentlyAvailable ?? this.available);
  }

  /** Takes `cost` points when they are there; false means THROTTLED (nothing is taken). */
  take(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  status(): ThrottleStatus {
    this.refill();
    return { maximumAvailable: this.maximumAvailable, currentlyAvailable: Math.floor(this.available), restoreRate: this.restoreRate };
  }

  private refill(): void {
    const now = Date.now();
    this.available = Math.min(this.maximumAvailable, this.available + ((now - this.at) / 1000) * this.restoreRate);
    this.at = now;
  }
}
