"use client";

import type { NodeType } from "@ipaas/flow";
import {
  AlarmClock,
  ArrowLeftRight,
  Circle,
  Cog,
  CornerDownLeft,
  FileText,
  Funnel,
  Hourglass,
  Play,
  RefreshCw,
  Repeat,
  Send,
  Shuffle,
  Split,
  StickyNote,
  TableProperties,
  Workflow,
  Zap,
  type LucideIcon,
} from "lucide-react";

/**
 * The one icon per node type (palette, quick-add, node cards): SVG, so it renders the same on
 * every machine — Unicode symbols showed as empty boxes without emoji fonts (issue 15).
 */
const NODE_TYPE_ICONS: Record<NodeType | "note", LucideIcon> = {
  "trigger.webhook": Zap,
  "trigger.schedule": AlarmClock,
  "trigger.poll": RefreshCw,
  "trigger.manual": Play,
  "trigger.api": ArrowLeftRight,
  "trigger.edi": FileText,
  action: Cog,
  map: Shuffle,
  filter: Funnel,
  branch: Split,
  foreach: Repeat,
  lookup: TableProperties,
  delay: Hourglass,
  subflow: Workflow,
  respond: CornerDownLeft,
  "edi.send": Send,
  note: StickyNote,
};

/** A node type's icon; decorative (the type or label is always written next to it). */
export function NodeTypeIcon({ type, className, size }: { type: string; className: string; size: number }) {
  const Icon = (NODE_TYPE_ICONS as Record<string, LucideIcon | undefined>)[type] ?? Circle;
  return <Icon className={className} size={size} aria-hidden="true" data-node-icon={type} />;
}
