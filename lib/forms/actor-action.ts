import "server-only";
import type { z } from "zod";
import { validatedAction, type Handler } from "@/lib/forms/validated-action";
import { requireActor } from "@/lib/auth/session";
import type { Actor } from "@/lib/services/types";

/** Like validatedAction, for signed-in users: the handler gets the actor resolved from the database. */
export function actorAction<S extends z.ZodType>(schema: S, handler: Handler<S, Actor>) {
  return validatedAction(schema, async (data, _none, formData) => {
    const { actor } = await requireActor();
    return handler(data, actor, formData);
  });
}
