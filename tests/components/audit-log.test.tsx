/** @jest-environment jsdom */
import { render, screen, within } from "@testing-library/react";
import { AuditLogEntries } from "@/components/audit/audit-log-entries";
import { AuditLogFilters } from "@/components/audit/audit-log-filters";

const entry = (id: string, sentence: string, label: string | null) => ({
  id,
  action: "member.removed",
  sentence,
  createdAt: new Date("2026-12-01T10:00:00Z"),
  actor: { email: "ada@example.com" },
  target: label === null ? null : { label },
  ip: "203.0.113.7",
});

describe("audit log components", () => {
  it("shows each entry's sentence, and the member's email when the sentence names them by name", () => {
    render(
      <AuditLogEntries
        filtered={false}
        entries={[entry("2", "Ada Lovelace removed Bob Stone (Admin) from the organization", "bob@example.com"), entry("1", "Ada Lovelace invited carl@example.com as Member", "carl@example.com")]}
      />,
    );
    const [removed, invited] = screen.getAllByRole("listitem");
    expect(within(removed!).getByText("Ada Lovelace removed Bob Stone (Admin) from the organization")).toBeTruthy();
    expect(removed!.textContent).toContain("by ada@example.com · about bob@example.com · member.removed · 203.0.113.7");
    expect(invited!.textContent).not.toContain("about carl@example.com");
    expect(within(removed!).getByText("Dec 1, 2026, 10:00 AM UTC", { exact: false }).closest("time")?.getAttribute("datetime")).toBe("2026-12-01T10:00:00.000Z");
  });

  it("says whether the log is empty or the filters hide everything", () => {
    const { rerender } = render(<AuditLogEntries filtered={false} entries={[]} />);
    expect(screen.getByText("No entries yet.")).toBeTruthy();
    rerender(<AuditLogEntries filtered entries={[]} />);
    expect(screen.getByText("No entries match these filters.")).toBeTruthy();
  });

  it("labels every filter, keeps the current ones, and shows a field's error beside it", () => {
    render(
      <AuditLogFilters
        filters={{ actor: "ada", action: "member.removed", from: "2026-12-05", to: "2026-12-01", timeZone: "Asia/Tokyo" }}
        actions={[
          { value: "member.removed", label: "Member removed" },
          { value: "member.left", label: "Member left" },
        ]}
        errors={{ to: ["The end date is before the start date."] }}
      />,
    );
    expect((screen.getByLabelText("Person") as HTMLInputElement).value).toBe("ada");
    expect((screen.getByLabelText("Action") as HTMLSelectElement).value).toBe("member.removed");
    expect((screen.getByLabelText("From") as HTMLInputElement).value).toBe("2026-12-05");
    const to = screen.getByLabelText("To");
    expect(to.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(to.getAttribute("aria-describedby")!)?.textContent).toBe("The end date is before the start date.");
    expect(screen.getByRole("form", { name: "Filter the audit log" }).getAttribute("action")).toBe("/audit-log");
  });
});
