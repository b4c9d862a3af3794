/** How long invitation links last, in days: shared by the services' validation and the forms and dialogs that mention it. */
export const INVITATION_DAYS = { min: 1, max: 30, default: 7 } as const;
