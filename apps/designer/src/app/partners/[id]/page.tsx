import type { Metadata } from "next";
import { PartnerPage } from "@/components/partners/partner-page";

export const metadata: Metadata = { title: "Partner" };

export default async function PartnerDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <PartnerPage id={id} />;
}
