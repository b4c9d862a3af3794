import { render, screen, within } from "@testing-library/react";
import type { ReactElement } from "react";
import { toast } from "sonner";
import { AppToaster } from "@/components/ui/feedback";

// Toasts live in one store for the whole page (here: the test file); each test starts with none.
afterEach(() => {
  toast.dismiss();
});

/** Renders a component the way pages are: with the app's one toaster beside it. */
export function renderWithToaster(ui: ReactElement) {
  return render(
    <>
      {ui}
      <AppToaster />
    </>,
  );
}

/** The toast saying `text` (sonner's live region is labelled "Messages"), once it appears. */
export async function findToast(text: string) {
  const region = await screen.findByRole("region", { name: /^Messages/ });
  return within(region).findByText(text);
}
