import "server-only";
import type { z } from "zod";
import type { ActionState } from "@/lib/forms/action-state";
import { validatedAction, type Handler } from "@/lib/forms/validated-action";
import { requireActor } from "@/lib/auth/session";
import type { Actor } from "@/lib/services/types";

/** Like validatedAction, for signed-in users: the handler gets the actor resolved from the database. */
export function actorAction<S extends z.ZodType, R extends ActionState = ActionState>(schema: S, handler: Handler<S, Actor, NoInfer<R>>) {
  return validatedAction<S, R>(schema, async (data, _none, formData) => {
    const { actor } = await requireActor();
    return handler(data, actor, formData);
  });
}
