/** A failed query or mutation, with the server's message (tRPC errors carry it as `message`). */
export function QueryError({ error }: { error: { message: string } | null }) {
  if (!error) return null;
  return (
    <p className="notice notice-error" role="alert">
      {error.message}
    </p>
  );
}
