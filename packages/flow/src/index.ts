export * from "./model";
export * from "./errors";
export * from "./state";
export * from "./handlers";
export * from "./engine";
export * from "./interpreter";
export { demoFlowDefinition, demoHttpFlowDefinition } from "./demo";
export * from "./node-config";
export * from "./validate";
