export * from "./money";
export * from "./sales-order";
export * from "./registry";
