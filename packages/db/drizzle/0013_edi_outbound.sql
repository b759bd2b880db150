ALTER TYPE "public"."alert_rule_kind" ADD VALUE 'edi_overdue';--> statement-breakpoint
ALTER TABLE "alert_rules" ADD COLUMN "partner_id" uuid;--> statement-breakpoint
ALTER TABLE "edi_interchanges" ADD COLUMN "send_key" text;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_partner_id_trading_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."trading_partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "edi_interchanges_send_key" ON "edi_interchanges" USING btree ("send_key");