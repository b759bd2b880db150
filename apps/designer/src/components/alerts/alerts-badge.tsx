"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/client";
import styles from "./alerts-badge.module.css";

/** The number of firing alerts, next to "Alerts" in the nav; nothing when none fire. */
export function AlertsBadge() {
  const trpc = useTRPC();
  const firing = useQuery(trpc.alerts.firingCount.queryOptions(undefined, { refetchInterval: 15_000 }));
  const count = firing.data?.count ?? 0;
  if (count === 0) return null;
  return (
    <span className={styles.badge} data-testid="alerts-badge" title={`${count} alert${count === 1 ? "" : "s"} firing`}>
      {count}
    </span>
  );
}
