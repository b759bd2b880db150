export * from "./sdk";
export * from "./http-client";
export { registry } from "./registry";
