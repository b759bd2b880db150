CREATE TYPE "public"."connection_status" AS ENUM('healthy', 'degraded', 'offline');--> statement-breakpoint
ALTER TYPE "public"."alert_rule_kind" ADD VALUE 'connection_offline';--> statement-breakpoint
CREATE TABLE "connection_health" (
	"connection_id" uuid PRIMARY KEY NOT NULL,
	"status" "connection_status" DEFAULT 'healthy' NOT NULL,
	"since" timestamp with time zone DEFAULT now() NOT NULL,
	"last_tested_at" timestamp with time zone,
	"last_error" text,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"next_test_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "connection_health" ADD CONSTRAINT "connection_health_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "connection_health_next_test_idx" ON "connection_health" USING btree ("next_test_at");--> statement-breakpoint
CREATE INDEX "connection_health_status_idx" ON "connection_health" USING btree ("status");