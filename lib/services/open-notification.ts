import "server-only";
import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { idSchema, parseInput } from "@/lib/validation";
import { notificationTarget } from "./notifications";
import { switchOrganization } from "./organizations";
import type { Actor } from "./types";

export const openNotificationInput = z.object({ id: idSchema });

/**
 * Opening one of your notifications from the bell: marks it read and returns
 * the path of the page it is about, after making its organization your active
 * one (pages show the active organization). When you are no longer a member
 * of it, or it is about nothing one can open, that is the dashboard.
 */
export async function openNotification(actor: Actor, input: z.input<typeof openNotificationInput>): Promise<string> {
  const { id } = parseInput(openNotificationInput, input);
  const notification = await prisma.notification.findFirst({ where: { id, userId: actor.userId }, select: { type: true, data: true } });
  if (!notification) throw notFound("Notification not found.");
  await prisma.notification.updateMany({ where: { id, readAt: null }, data: { readAt: new Date() } });
  const target = notificationTarget(notification.type, notification.data);
  if (!target) return "/dashboard";
  if (target.organizationId !== actor.organizationId) {
    try {
      await switchOrganization(actor, { organizationId: target.organizationId });
    } catch (error) {
      if (error instanceof AppError && error.code === "NOT_FOUND") return "/dashboard";
      throw error;
    }
  }
  return target.path;
}
