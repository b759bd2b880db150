export * from "./ports";
export * from "./redis";
export * from "./postgres";
export * from "./children";
export * from "./http-wait";
export * from "./stack";
export * from "./encryption-key";
