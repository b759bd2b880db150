export * from "./sdk";
export { registry } from "./registry";
