export * from "./users";
export * from "./flows";
export * from "./connections";
export * from "./runs";
export * from "./dead-letters";
export * from "./effect-ledger";
export * from "./audit-log";
