"use client";

import * as Popover from "@radix-ui/react-popover";
import { useActionState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { HydratedOnly, TriggerPlaceholder } from "@/components/ui/hydrated-only";
import { LocalTime } from "@/components/ui/local-time";
import { FormMessage } from "@/components/ui/field";
import { initialActionState, type ActionState, type FormAction } from "@/lib/forms/action-state";

/** `opens`: the page opening it shows, or null when there is nothing to open. */
export type BellNotification = { id: string; message: string; opens: string | null; createdAt: Date; read: boolean };

/** The bell in the top navigation: unread count, latest notifications (each opening the page it is about), mark read. */
export function NotificationBell({
  unreadCount,
  notifications,
  markReadAction,
  openAction,
}: {
  unreadCount: number;
  notifications: BellNotification[];
  markReadAction: () => Promise<ActionState>;
  openAction: FormAction;
}) {
  const [pending, startTransition] = useTransition();
  const [opened, open] = useActionState(openAction, initialActionState);
  const label = unreadCount ? `Notifications, ${unreadCount} unread` : "Notifications";
  const face = (
    <>
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {unreadCount ? (
        <span aria-hidden="true" className="absolute -right-0.5 -top-0.5 rounded-full bg-red-600 px-1.5 text-[0.65rem] font-semibold text-white">
          {unreadCount > 99 ? "99+" : unreadCount}
        </span>
      ) : null}
    </>
  );
  return (
    <HydratedOnly
      placeholder={
        <TriggerPlaceholder opens="dialog" label={label}>
          {face}
        </TriggerPlaceholder>
      }
    >
      <Popover.Root>
        <Popover.Trigger aria-label={label}>{face}</Popover.Trigger>
        <Popover.Portal>
          <Popover.Content align="end" sideOffset={6} aria-labelledby="notifications-heading" className="z-50 w-[min(22rem,calc(100vw-1rem))] rounded-md border border-slate-200 bg-white p-3 shadow-lg">
            <div className="mb-2 flex items-center justify-between gap-2">
              <h2 id="notifications-heading" className="text-sm font-semibold">
                Notifications
              </h2>
              {unreadCount ? (
                <Button type="button" variant="ghost" className="!px-2 !py-1 text-xs" disabled={pending} onClick={() => startTransition(() => markReadAction().then(() => {}))}>
                  Mark all as read
                </Button>
              ) : null}
            </div>
            <FormMessage error={opened.error} />
            {notifications.length === 0 ? (
              <p className="text-sm text-slate-600">Nothing yet.</p>
            ) : (
              <ul className="max-h-80 space-y-1 overflow-y-auto" aria-label="Latest notifications">
                {notifications.map((notification) => {
                  const text = (
                    <>
                      {notification.read ? null : <span className="sr-only">Unread: </span>}
                      {notification.message}
                      <span className="block text-xs font-normal text-slate-600">
                        <LocalTime date={notification.createdAt} format="relative" />
                        {notification.opens ? ` · Open ${notification.opens}` : null}
                      </span>
                    </>
                  );
                  const look = `rounded px-2 py-1.5 text-sm ${notification.read ? "text-slate-600" : "bg-brand-50 font-medium text-slate-900"}`;
                  return (
                    <li key={notification.id}>
                      {notification.opens ? (
                        <form action={open}>
                          <input type="hidden" name="id" value={notification.id} />
                          <button type="submit" className={`${look} w-full text-left hover:bg-slate-100`}>
                            {text}
                          </button>
                        </form>
                      ) : (
                        <div className={look}>{text}</div>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </Popover.Content>
        </Popover.Portal>
      </Popover.Root>
    </HydratedOnly>
  );
}
