import { USER_ROLES } from "../enums";
import { sql } from "drizzle-orm";
import { boolean, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/** docs/architecture.md "Roles and audit": enforced on the server for every procedure. */
export const userRole = pgEnum("user_role", USER_ROLES);
export type UserRole = (typeof userRole.enumValues)[number];

/**
 * People who sign in to the designer. The column names follow better-auth's user
 * model (the designer's session library reads this table through its drizzle
 * adapter); the password lives in `accounts` (provider "credential").
 */
export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Stored lower-cased; the unique index is on the stored value. */
    email: text("email").notNull(),
    name: text("name").notNull().default(""),
    emailVerified: boolean("email_verified").notNull().default(false),
    image: text("image"),
    role: userRole("role").notNull().default("viewer"),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    /** Consecutive failed sign-ins; reset by a successful one. */
    failedSignIns: integer("failed_sign_ins").notNull().default(0),
    /** Set after too many failures in a row: sign-in is refused until then. */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_email_key").on(sql`lower(${t.email})`)],
);
