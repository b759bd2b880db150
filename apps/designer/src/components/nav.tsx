"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { AlertsBadge } from "@/components/alerts/alerts-badge";
import { useMe } from "@/hooks/use-me";
import { authClient } from "@/lib/auth-client";

const LINKS = [
  { href: "/flows", label: "Flows" },
  { href: "/mappings", label: "Mappings" },
  { href: "/lookups", label: "Lookups" },
  { href: "/partners", label: "Partners" },
  { href: "/edi", label: "EDI" },
  { href: "/dashboard", label: "Dashboard" },
  { href: "/runs", label: "Runs" },
  { href: "/dead-letters", label: "Dead letters" },
  { href: "/alerts", label: "Alerts" },
  { href: "/connections", label: "Connections" },
  // Admin pages: the server refuses everyone else; the nav hides them (see `adminOnly`).
  { href: "/users", label: "Users", adminOnly: true },
  { href: "/api-keys", label: "API keys", adminOnly: true },
  { href: "/audit", label: "Audit log", adminOnly: true },
  { href: "/settings", label: "Data retention", adminOnly: true },
] as const satisfies ReadonlyArray<{ href: string; label: string; adminOnly?: boolean }>;

/** Pages shown without the sidebar (nobody is signed in there). */
const BARE_PAGES = ["/sign-in", "/set-password"];

async function signOut() {
  await authClient.signOut();
  window.location.assign("/sign-in");
}

export function Nav() {
  const pathname = usePathname();
  const { me, isAdmin } = useMe();
  if (BARE_PAGES.some((p) => pathname.startsWith(p))) return null;
  const links = LINKS.filter((link) => !("adminOnly" in link) || isAdmin);
  return (
    <nav className="sidebar" aria-label="Main">
      <Link href="/flows" className="brand">
        Distribution iPaaS
      </Link>
      <ul>
        {links.map(({ href, label }) => {
          const active = pathname === href || pathname.startsWith(`${href}/`);
          return (
            <li key={href}>
              <Link href={href} className={active ? "active" : undefined} aria-current={active ? "page" : undefined}>
                {label}
                {href === "/alerts" && <AlertsBadge />}
              </Link>
            </li>
          );
        })}
      </ul>
      {me && (
        <div className="sidebar-user" data-testid="current-user">
          <Link href="/account" className="email">
            {me.email}
          </Link>
          <span className="muted">{me.role}</span>
          <button type="button" className="link-button" onClick={() => void signOut()} data-testid="sign-out" style={{ textAlign: "left" }}>
            Sign out
          </button>
        </div>
      )}
    </nav>
  );
}
