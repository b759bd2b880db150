import { router } from "../trpc";

export const deadLettersRouter = router({});
