import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Nav } from "@/components/nav";
import { TRPCReactProvider } from "@/trpc/client";
import "./globals.css";

// Rendered per request: each page carries its own CSP nonce (src/proxy.ts), which a
// page prerendered at build time could not have.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Distribution iPaaS", template: "%s · Distribution iPaaS" },
  description: "Order-to-cash integration flows between Shopify, NetSuite, WMS/3PL, EDI and carriers.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <TRPCReactProvider>
          <div className="shell">
            <Nav />
            <main className="content">{children}</main>
          </div>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
