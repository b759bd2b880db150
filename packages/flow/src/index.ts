export * from "./model";
export * from "./errors";
export * from "./interpreter";
export { demoFlowDefinition } from "./demo";
