ALTER TABLE "lookup_entries" ADD COLUMN "environment" text DEFAULT 'sandbox' NOT NULL;--> statement-breakpoint
ALTER TABLE "lookup_entries" DROP CONSTRAINT "lookup_entries_table_id_key_pk";--> statement-breakpoint
ALTER TABLE "lookup_entries" ADD CONSTRAINT "lookup_entries_table_id_environment_key_pk" PRIMARY KEY("table_id","environment","key");--> statement-breakpoint
ALTER TABLE "lookup_entries" ADD CONSTRAINT "lookup_entries_environment_environments_name_fk" FOREIGN KEY ("environment") REFERENCES "public"."environments"("name") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
-- hand-written: entries so far served every environment; copy them (now in 'sandbox') into each other one, so every flow keeps resolving what it did before.
INSERT INTO "lookup_entries" ("table_id", "environment", "key", "value", "description", "updated_at")
SELECT e."table_id", env."name", e."key", e."value", e."description", e."updated_at"
FROM "lookup_entries" e CROSS JOIN "environments" env
WHERE e."environment" = 'sandbox' AND env."name" <> 'sandbox';
