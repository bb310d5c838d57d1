import { describe, expect, it } from "vitest";
import { actionPayloadProblem, modelProblem } from "@/lib/http/action-payload";

// The shape of a Server Action request the gate lets through to Next (lib/http/action-payload.ts).

function form(fields: Record<string, string>) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
}

describe("actionPayloadProblem", () => {
  it("lets through what React sends for our forms", () => {
    expect(actionPayloadProblem(form({ _1_handle: "abc", "0": '[{"status":"idle","message":"","when":"$D1970-01-01T00:00:00.000Z","x":"$undefined"},"$K1"]' }), true)).toBeNull();
    expect(actionPayloadProblem(form({ "0": '["$K1"]' }), true)).toBeNull();
    expect(actionPayloadProblem(form({ "0": '[{"message":"$$escaped dollar"},"$K1"]' }), true)).toBeNull();
  });

  it("lets through a form sent without JavaScript", () => {
    expect(actionPayloadProblem(form({ "$ACTION_ID_00abc": "", handle: "x" }), false)).toBeNull();
    expect(actionPayloadProblem(form({ "$ACTION_REF_1": "", "$ACTION_1:0": '{"id":"00ab","bound":"$@1"}', "$ACTION_1:1": '[{"status":"idle"}]', "$ACTION_KEY": "k" }), false)).toBe("a reference forms never send");
    expect(actionPayloadProblem(form({ "$ACTION_REF_1": "", "$ACTION_1:1": '[{"status":"idle"}]', "$ACTION_KEY": "k" }), false)).toBeNull();
  });

  it("refuses what no form of ours sends", () => {
    expect(actionPayloadProblem(form({}), true)).toBe("no arguments");
    expect(actionPayloadProblem(form({ "0": "{bad" }), true)).toBe("the arguments are not a list");
    expect(actionPayloadProblem(form({ "0": "[bad" }), true)).toBe("not JSON");
    expect(actionPayloadProblem(form({ "0": "1e99999" }), true)).toBe("the arguments are not a list");
    for (const ref of ["$@1", "$F1", "$Q1", "$W1", "$B1", "$T", "$R1", "$i1", "$1", "$^^[", "$E:E", "$K", "$Kzz"]) {
      expect(actionPayloadProblem(form({ "0": JSON.stringify([{ a: [ref] }, "$K1"]) }), true), ref).toBe("a reference forms never send");
    }
    expect(actionPayloadProblem(form({ "0": `${"[".repeat(40)}${"]".repeat(40)}` }), true)).toBe("nested too deeply");
    expect(actionPayloadProblem(form({ handle: "x" }), false)).toBe("no single action named");
    expect(actionPayloadProblem(form({ "$ACTION_ID_a": "", "$ACTION_ID_b": "" }), false)).toBe("no single action named");
  });

  it("walks a deep payload without overflowing the stack", () => {
    const deep = `${"[".repeat(30_000)}${"]".repeat(30_000)}`;
    expect(modelProblem(deep)).toBe("nested too deeply");
  });
});
