"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/flows", label: "Flows" },
  { href: "/mappings", label: "Mappings" },
  { href: "/runs", label: "Runs" },
] as const;

export function Nav() {
  const pathname = usePathname();
  return (
    <nav className="sidebar" aria-label="Main">
      <Link href="/flows" className="brand">
        Distribution iPaaS
      </Link>
      <ul>
        {LINKS.map(({ href, label }) => {
          const active = pathname === href || pathname.startsWith(`${href}/`);
          return (
            <li key={href}>
              <Link href={href} className={active ? "active" : undefined} aria-current={active ? "page" : undefined}>
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
