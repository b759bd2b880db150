import { BadRequestError, ConflictError, InvalidInputError, NotFoundError } from "@ipaas/db";
import { describe, expect, it } from "vitest";
import { domainErrorStatus } from "../src/http/replies";

describe("domain errors → HTTP statuses (the runtime's one mapping)", () => {
  it("maps each packages/db domain error to its status and leaves any other error alone", () => {
    expect(domainErrorStatus(new NotFoundError("no flow"))).toBe(404);
    expect(domainErrorStatus(new ConflictError("not published"))).toBe(409);
    expect(domainErrorStatus(new BadRequestError("bad"))).toBe(400);
    expect(domainErrorStatus(new InvalidInputError([{ path: "a", message: "required" }]))).toBe(400);
    expect(domainErrorStatus(new Error("connection reset"))).toBeNull();
    expect(domainErrorStatus("a string")).toBeNull();
  });
});
