// @ipaas/x12: parse, validate, generate and acknowledge X12 interchanges (docs/architecture.md "X12").
export * from "./model";
export * from "./parse";
export * from "./issues";
export * from "./definitions";
export * from "./validate-set";
export * from "./validate";
export * from "./generate";
export * from "./ack";
export * from "./sets/index";
