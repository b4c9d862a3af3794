/** @jest-environment jsdom */
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import ErrorPage from "@/app/error";
import { serviceUnavailable, SERVICE_UNAVAILABLE_MESSAGE } from "@/lib/errors";

/** What the browser gets of a server error: Next.js keeps only its digest. */
const asSentToTheBrowser = (error: Error & { digest?: string }) => Object.assign(new Error("An error occurred in the Server Components render."), { digest: error.digest });

describe("the page shown when rendering fails", () => {
  it("says the service is busy when the database couldn't serve the request, and retries on request", async () => {
    const retry = jest.fn();
    render(<ErrorPage error={asSentToTheBrowser(serviceUnavailable())} retry={retry} />);
    expect(screen.getByRole("alert")).toHaveTextContent(`The service is busy${SERVICE_UNAVAILABLE_MESSAGE}`);
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it("says something went wrong for any other error, describing nothing of it", () => {
    render(<ErrorPage error={asSentToTheBrowser(Object.assign(new Error("relation users does not exist"), { digest: "2143862" }))} retry={() => {}} />);
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Something went wrong");
    expect(screen.getByRole("alert")).not.toHaveTextContent("relation");
  });
});
