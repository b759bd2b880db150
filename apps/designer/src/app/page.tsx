import { redirect } from "next/navigation";

/** Flows are the home screen. */
export default function Home() {
  redirect("/flows");
}
