-- Hand-added: passwords move to "accounts" (provider "credential"), where the session library reads them.
INSERT INTO "accounts" ("account_id", "provider_id", "user_id", "password") SELECT "id"::text, 'credential', "id", "password_hash" FROM "users" WHERE "password_hash" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "password_hash";
