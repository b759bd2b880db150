import Link from "next/link";

export default function NotFound() {
  return (
    <div className="page">
      <h1>Not found</h1>
      <p className="muted">
        This page does not exist. Go to <Link href="/flows">Flows</Link>.
      </p>
    </div>
  );
}
