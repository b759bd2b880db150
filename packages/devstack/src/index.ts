export * from "./ports";
export * from "./redis";
export * from "./postgres";
export { PostgresAccessError } from "./postgres-user";
export * from "./children";
export * from "./http-wait";
export * from "./stack";
export * from "./encryption-key";
