CREATE TABLE "edi_expectations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"environment" text NOT NULL,
	"kind" text NOT NULL,
	"transaction_id" uuid NOT NULL,
	"reference" text,
	"due_at" timestamp with time zone NOT NULL,
	"met_at" timestamp with time zone,
	"met_by_transaction_id" uuid,
	"alerted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "edi_interchanges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"environment" text NOT NULL,
	"direction" text NOT NULL,
	"transport" text,
	"transport_ref" text,
	"raw" "bytea" NOT NULL,
	"control_number" text,
	"status" text NOT NULL,
	"issues" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"mdn" jsonb,
	"acknowledges_id" uuid,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "edi_transactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"interchange_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"environment" text NOT NULL,
	"direction" text NOT NULL,
	"set_id" text NOT NULL,
	"functional_id" text NOT NULL,
	"group_control_number" text NOT NULL,
	"control_number" text NOT NULL,
	"reference" text,
	"status" text NOT NULL,
	"ack_status" text DEFAULT 'none' NOT NULL,
	"ack_errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"run_id" uuid,
	"dead_letter_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "edi_expectations" ADD CONSTRAINT "edi_expectations_partner_id_trading_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."trading_partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_expectations" ADD CONSTRAINT "edi_expectations_transaction_id_edi_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."edi_transactions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_interchanges" ADD CONSTRAINT "edi_interchanges_partner_id_trading_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."trading_partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_transactions" ADD CONSTRAINT "edi_transactions_interchange_id_edi_interchanges_id_fk" FOREIGN KEY ("interchange_id") REFERENCES "public"."edi_interchanges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edi_transactions" ADD CONSTRAINT "edi_transactions_partner_id_trading_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."trading_partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "edi_expectations_kind_transaction_key" ON "edi_expectations" USING btree ("kind","transaction_id");--> statement-breakpoint
CREATE INDEX "edi_expectations_open_idx" ON "edi_expectations" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "edi_expectations_partner_idx" ON "edi_expectations" USING btree ("partner_id","kind","reference");--> statement-breakpoint
CREATE INDEX "edi_interchanges_partner_created_idx" ON "edi_interchanges" USING btree ("partner_id","created_at");--> statement-breakpoint
CREATE INDEX "edi_interchanges_status_idx" ON "edi_interchanges" USING btree ("direction","status");--> statement-breakpoint
CREATE INDEX "edi_transactions_partner_created_idx" ON "edi_transactions" USING btree ("partner_id","created_at");--> statement-breakpoint
CREATE INDEX "edi_transactions_interchange_idx" ON "edi_transactions" USING btree ("interchange_id");--> statement-breakpoint
CREATE INDEX "edi_transactions_ack_lookup_idx" ON "edi_transactions" USING btree ("partner_id","direction","group_control_number","control_number");