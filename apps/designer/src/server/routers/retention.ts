import { router } from "../trpc";

export const retentionRouter = router({});
