// @ipaas/x12: parse, validate, generate and acknowledge X12 interchanges (docs/architecture.md "X12").
export * from "./model.js";
export * from "./parse.js";
export * from "./issues.js";
export * from "./definitions.js";
export * from "./validate-set.js";
export * from "./validate.js";
export * from "./generate.js";
export * from "./ack.js";
export * from "./sets/index.js";
