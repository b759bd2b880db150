CREATE TYPE "public"."bulk_operation_kind" AS ENUM('retry', 'discard', 'assign');--> statement-breakpoint
CREATE TYPE "public"."bulk_operation_status" AS ENUM('running', 'completed', 'interrupted');--> statement-breakpoint
CREATE TYPE "public"."alert_rule_kind" AS ENUM('dead_letters', 'no_success', 'queue_depth');--> statement-breakpoint
CREATE TYPE "public"."alert_status" AS ENUM('firing', 'resolved');--> statement-breakpoint
CREATE TABLE "dead_letter_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dead_letter_id" uuid NOT NULL,
	"author_id" uuid,
	"author_email" text,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bulk_operation_items" (
	"operation_id" uuid NOT NULL,
	"dead_letter_id" uuid NOT NULL,
	"run_id" uuid,
	"outcome" text NOT NULL,
	"message" text
);
--> statement-breakpoint
CREATE TABLE "bulk_operations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "bulk_operation_kind" NOT NULL,
	"status" "bulk_operation_status" DEFAULT 'running' NOT NULL,
	"filter" jsonb NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"total" integer NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"succeeded" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"actor_id" uuid,
	"actor_email" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alert_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" "alert_rule_kind" NOT NULL,
	"flow_id" uuid,
	"threshold" integer DEFAULT 0 NOT NULL,
	"window_minutes" integer DEFAULT 15 NOT NULL,
	"webhook" jsonb,
	"webhook_hint" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule_id" uuid NOT NULL,
	"status" "alert_status" DEFAULT 'firing' NOT NULL,
	"message" text NOT NULL,
	"value" double precision NOT NULL,
	"fired_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"notified_at" timestamp with time zone,
	"notify_error" text
);
--> statement-breakpoint
CREATE TABLE "metric_samples" (
	"name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"value" double precision NOT NULL,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "flows" ADD COLUMN "retention_payload_days" integer;--> statement-breakpoint
ALTER TABLE "flows" ADD COLUMN "retention_run_days" integer;--> statement-breakpoint
ALTER TABLE "run_steps" ADD COLUMN "connector" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "error_class" text GENERATED ALWAYS AS (error->>'class') STORED;--> statement-breakpoint
ALTER TABLE "dead_letter_comments" ADD CONSTRAINT "dead_letter_comments_dead_letter_id_dead_letters_id_fk" FOREIGN KEY ("dead_letter_id") REFERENCES "public"."dead_letters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dead_letter_comments" ADD CONSTRAINT "dead_letter_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulk_operation_items" ADD CONSTRAINT "bulk_operation_items_operation_id_bulk_operations_id_fk" FOREIGN KEY ("operation_id") REFERENCES "public"."bulk_operations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulk_operations" ADD CONSTRAINT "bulk_operations_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_flow_id_flows_id_fk" FOREIGN KEY ("flow_id") REFERENCES "public"."flows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_rule_id_alert_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."alert_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dead_letter_comments_letter_idx" ON "dead_letter_comments" USING btree ("dead_letter_id","created_at");--> statement-breakpoint
CREATE INDEX "bulk_operation_items_op_idx" ON "bulk_operation_items" USING btree ("operation_id");--> statement-breakpoint
CREATE INDEX "bulk_operations_created_idx" ON "bulk_operations" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_one_firing_per_rule" ON "alerts" USING btree ("rule_id") WHERE "alerts"."status" = 'firing';--> statement-breakpoint
CREATE INDEX "alerts_fired_idx" ON "alerts" USING btree ("fired_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "metric_samples_name_at_idx" ON "metric_samples" USING btree ("name","at");--> statement-breakpoint
CREATE INDEX "run_steps_connector_finished_idx" ON "run_steps" USING btree ("connector","finished_at") WHERE "run_steps"."connector" is not null;--> statement-breakpoint
CREATE INDEX "runs_error_class_created_idx" ON "runs" USING btree ("error_class","created_at" DESC NULLS LAST) WHERE "runs"."error_class" is not null;--> statement-breakpoint
CREATE INDEX "runs_parent_idx" ON "runs" USING btree ("parent_run_id") WHERE "runs"."parent_run_id" is not null;--> statement-breakpoint
CREATE INDEX "runs_resubmitted_from_idx" ON "runs" USING btree ("resubmitted_from") WHERE "runs"."resubmitted_from" is not null;--> statement-breakpoint
CREATE INDEX "dead_letters_status_created_idx" ON "dead_letters" USING btree ("status","created_at" DESC NULLS LAST);