import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { deadLetters } from "./dead-letters";
import { users } from "./users";

/** Notes ops leave on a dead letter ("waiting for the customer to fix the SKU"). */
export const deadLetterComments = pgTable(
  "dead_letter_comments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    deadLetterId: uuid("dead_letter_id")
      .notNull()
      .references(() => deadLetters.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    authorEmail: text("author_email"),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("dead_letter_comments_letter_idx").on(t.deadLetterId, t.createdAt)],
);
