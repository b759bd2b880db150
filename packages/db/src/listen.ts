import pg from "pg";

export interface ChannelHandlers {
  /** A notification on the channel, with its payload. */
  onNotify(payload: string): void;
  /**
   * `true` once the LISTEN is in place; `false` when the connection is lost (or the
   * listener closed). While not live, notifications may be missed: a cache must then
   * forget what it holds and read through until it is live again.
   */
  onLive(live: boolean): void;
}

export interface ChannelListener {
  /** Resolves when the first LISTEN is in place (never, while the database is unreachable). */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * LISTEN on a Postgres channel over a dedicated connection (a pooled connection
 * would lose the subscription when returned to the pool). A lost connection is
 * reported (onLive(false)) and re-opened after `retryMs`, for as long as the
 * listener is open (docs/architecture.md "Planes and packages": SQL lives here).
 */
export function listenChannel(url: string, channel: string, handlers: ChannelHandlers, options: { retryMs?: number } = {}): ChannelListener {
  const retryMs = options.retryMs ?? 1000;
  let closed = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const connect = async () => {
    if (closed) return;
    // keepAlive: a connection cut without a reset (a dead peer, a dropped NAT entry) is noticed, not listened on forever.
    const current = new pg.Client({ connectionString: url, keepAlive: true });
    client = current;
    let down = false;
    const lost = () => {
      if (down) return;
      down = true;
      handlers.onLive(false);
      current.removeAllListeners("notification");
      void current.end().catch(() => {});
      if (!closed) timer = setTimeout(() => void connect(), retryMs);
    };
    current.on("error", lost);
    current.on("end", lost);
    current.on("notification", (message) => {
      if (message.channel === channel) handlers.onNotify(message.payload ?? "");
    });
    try {
      await current.connect();
      await current.query(`LISTEN ${current.escapeIdentifier(channel)}`);
      if (down || closed) return;
      handlers.onLive(true);
      markReady();
    } catch {
      lost();
    }
  };
  void connect();

  return {
    ready,
    async close() {
      closed = true;
      clearTimeout(timer);
      await client?.end().catch(() => {});
    },
  };
}
