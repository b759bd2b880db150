export * from "./client";
export * from "./migrate";
export * from "./seed";
export * from "./queries/flows";
export * from "./queries/runs";
export * from "./queries/users";
export * from "./queries/payload";
export * from "./queries/engine";
export * as schema from "./schema";
