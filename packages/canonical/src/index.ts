export * from "./money";
export * from "./sales-order";
