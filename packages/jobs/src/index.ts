export * from "./config";
export * from "./payloads";
export * from "./queues";
export * from "./dispatch";
export * from "./dead-letters";
export * from "./replay";
export * from "./edi";
