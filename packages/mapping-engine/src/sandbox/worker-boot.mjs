// Entry of a sandbox worker thread (pool.ts). The engine ships TypeScript source,
// so the thread registers tsx's loader before importing it; plain JS here because
// nothing is loaded yet.
import { register } from "tsx/esm/api";

register();
const worker = await import("./worker.ts");

export default worker.default;
