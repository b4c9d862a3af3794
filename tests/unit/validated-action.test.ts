import { z } from "zod";
import { validatedAction } from "@/lib/forms/validated-action";
import { formDataOf } from "@/lib/forms/action-state";

describe("validatedAction", () => {
  const echo = validatedAction(z.object({ name: z.string().min(2) }), async ({ name }) => ({ success: `Hello ${name}` }));

  it("parses FormData and calls the handler", async () => {
    await expect(echo({}, formDataOf({ name: "Ada" }))).resolves.toEqual({ success: "Hello Ada" });
  });

  it("answers field errors for bad values, keeping what was typed", async () => {
    await expect(echo({}, formDataOf({ name: "A" }))).resolves.toMatchObject({ fieldErrors: { name: [expect.any(String)] }, values: { name: "A" } });
  });

  it.each([undefined, null, 5, "name=Ada", { name: "Ada" }, [["name", "Ada"]]])("answers a hand-made call with %p instead of FormData with a message, not a crash", async (argument) => {
    await expect(echo({}, argument as unknown as FormData)).resolves.toEqual({ error: "Send the form again from the page." });
  });
});
