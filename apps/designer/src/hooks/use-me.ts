"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/client";
import type { Role } from "@/server/services/users";

/**
 * The signed-in user and what their role may do, for hiding controls. The server
 * is the guard (every procedure checks the role); this only keeps the UI honest.
 */
export function useMe() {
  const trpc = useTRPC();
  const me = useQuery({ ...trpc.users.me.queryOptions(), staleTime: 60_000 });
  const role: Role | null = me.data?.role ?? null;
  return {
    me: me.data ?? null,
    isLoading: me.isLoading,
    role,
    isAdmin: role === "admin",
    /** Flows, mappings, lookups. */
    canEditFlows: role === "admin" || role === "analyst",
    /** Runs and dead letters. */
    canOperate: role === "admin" || role === "operator",
    /** Start runs by hand. */
    canRun: role === "admin" || role === "analyst" || role === "operator",
  };
}
