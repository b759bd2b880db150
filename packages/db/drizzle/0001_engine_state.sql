CREATE TABLE "entity_sequences" (
	"scope" text NOT NULL,
	"entity_key" text NOT NULL,
	"sequence" double precision NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "entity_sequences_scope_entity_key_pk" PRIMARY KEY("scope","entity_key")
);
--> statement-breakpoint
CREATE TABLE "lookup_entries" (
	"table_id" uuid NOT NULL,
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	CONSTRAINT "lookup_entries_table_id_key_pk" PRIMARY KEY("table_id","key")
);
--> statement-breakpoint
CREATE TABLE "lookup_tables" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lookup_tables_name_unique" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "state" jsonb;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "job_seq" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "wake_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "dead_letters" ADD COLUMN "node_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "dead_letters" ADD COLUMN "input_resolved" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "lookup_entries" ADD CONSTRAINT "lookup_entries_table_id_lookup_tables_id_fk" FOREIGN KEY ("table_id") REFERENCES "public"."lookup_tables"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "runs_waiting_wake_idx" ON "runs" USING btree ("wake_at") WHERE "runs"."status" in ('queued', 'failed');