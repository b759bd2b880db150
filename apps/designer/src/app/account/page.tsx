import type { Metadata } from "next";
import { AccountPanel } from "@/components/auth/account-panel";

export const metadata: Metadata = { title: "Your account" };

export default function AccountPage() {
  return (
    <div className="page">
      <header className="page-header">
        <h1>Your account</h1>
      </header>
      <AccountPanel />
    </div>
  );
}
