import { describe, expect, it } from "vitest";
import { compileExpression, MappingError } from "../src";
import { failure } from "./helpers";

function compileError(text: string): MappingError {
  try {
    compileExpression(text);
  } catch (err) {
    if (err instanceof MappingError) return err;
    throw err;
  }
  throw new Error(`expected ${text} not to compile`);
}

describe("syntax errors", () => {
  it("carry code, position and token, and say where", () => {
    const err = compileError("[1, 2)");
    expect(err).toMatchObject({ name: "MappingError", code: "S0202", position: 6, token: ")" });
    expect(err.message).toBe('Expected "]", got ")" at position 6');
  });

  it("keep JSONata's wording for a missing closing bracket (quoted by the flow validator)", () => {
    const err = compileError("{ 'a': ");
    expect(err).toMatchObject({ code: "S0203", position: 7, token: "(end)" });
    expect(err.message).toBe('Expected "}" before end of expression at position 7');
  });

  it("explain other common mistakes in plain words", () => {
    expect(compileError('"abc').message).toBe("A text value is missing its closing quote at position 4");
    expect(compileError("a ++ b").message).toBe('Unexpected "+": a value is missing before it at position 4');
    expect(compileError("a.b = ").message).toBe("The expression ends too early: something is missing at the end at position 6");
  });
});

describe("evaluation errors", () => {
  it("T2001/T2002: name the side of the operator and what it was", async () => {
    const left = await failure('"a" + 1');
    expect(left).toMatchObject({ code: "T2001", position: 5, token: "+" });
    expect(left.message).toBe('The left side of the + operator must be a number, but it is the text "a" at position 5');
    const right = await failure("price * qty", { price: 2, qty: "3" });
    expect(right.code).toBe("T2002");
    expect(right.message).toBe('The right side of the * operator must be a number, but it is the text "3" at position 7');
  });

  it("explain calls of non-functions and bad arguments", async () => {
    expect((await failure("sum(lines)")).message).toBe("sum is not a function. Did you mean $sum? at position 4");
    expect((await failure("$nope(1)")).message).toBe("$nope is not a function at position 6");
    expect((await failure('$substring(5, "x")')).message).toBe('Argument 2 of $substring() has the wrong type: it is the text "x" at position 11');
    expect((await failure('$sum(["a"])')).message).toBe("Argument 1 of $sum() must be a list of numbers at position 5");
  });

  it("explain comparisons and conversions", async () => {
    expect((await failure('"a" < 1')).message).toBe('Cannot compare the text "a" with the number 1 using <: both sides must be numbers, or both text at position 5');
    expect((await failure('$number("abc")')).message).toBe('Cannot convert the text "abc" to a number at position 8');
    expect((await failure('{"a": 1, "a": 2}')).message).toBe('Two fields of this object have the same name "a" at position 1');
  });

  it("keep the message of $error", async () => {
    const err = await failure('$error("Order has no lines")');
    expect(err).toMatchObject({ code: "D3137", token: "error" });
    expect(err.message).toBe("Order has no lines at position 7");
  });

  it("report library argument errors at the call, naming the function", async () => {
    const err = await failure('{\n  "qty": $padLeft(qty, -1)\n}', { qty: 1 });
    expect(err).toMatchObject({ code: "MAPPING_ARGUMENT", token: "padLeft", position: 20 });
    expect(err.message).toBe("$padLeft: the width must be between 0 and 100000, but it is -1 at position 20");
  });
});
