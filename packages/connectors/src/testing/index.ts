export * from "./contract";
export * from "./oauth-server";
