CREATE TABLE "partner_control_numbers" (
	"partner_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"kind" text NOT NULL,
	"last_value" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_control_numbers_partner_id_direction_kind_pk" PRIMARY KEY("partner_id","direction","kind")
);
--> statement-breakpoint
CREATE TABLE "partner_inbound_interchanges" (
	"partner_id" uuid NOT NULL,
	"control_number" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_inbound_interchanges_partner_id_control_number_pk" PRIMARY KEY("partner_id","control_number")
);
--> statement-breakpoint
CREATE TABLE "trading_partners" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"environment" text DEFAULT 'sandbox' NOT NULL,
	"our_isa_qualifier" text NOT NULL,
	"our_isa_id" text NOT NULL,
	"our_gs_id" text NOT NULL,
	"their_isa_qualifier" text NOT NULL,
	"their_isa_id" text NOT NULL,
	"their_gs_id" text NOT NULL,
	"version" text NOT NULL,
	"usage_indicator" text NOT NULL,
	"delimiters" jsonb NOT NULL,
	"transaction_sets" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"transport" jsonb,
	"acknowledgements" jsonb NOT NULL,
	"cross_reference_tables" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"contact" jsonb NOT NULL,
	"secrets" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"secrets_updated_at" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "partner_control_numbers" ADD CONSTRAINT "partner_control_numbers_partner_id_trading_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."trading_partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_inbound_interchanges" ADD CONSTRAINT "partner_inbound_interchanges_partner_id_trading_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."trading_partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trading_partners" ADD CONSTRAINT "trading_partners_environment_environments_name_fk" FOREIGN KEY ("environment") REFERENCES "public"."environments"("name") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "trading_partners" ADD CONSTRAINT "trading_partners_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trading_partners" ADD CONSTRAINT "trading_partners_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "trading_partners_env_name_key" ON "trading_partners" USING btree ("environment","name");--> statement-breakpoint
CREATE INDEX "trading_partners_their_isa_idx" ON "trading_partners" USING btree ("their_isa_qualifier","their_isa_id");