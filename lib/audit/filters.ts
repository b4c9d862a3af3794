import { auditFilterShape, type AuditFilterText } from "@/lib/services/audit";

const AUDIT_FILTER_KEYS = Object.keys(auditFilterShape) as (keyof AuditFilterText)[];

/**
 * The audit log's filters as the page's URL carries them (?actor=ada&action=…&from=…&to=…&timeZone=…),
 * for the page, its export links and the export route. An empty field (a form
 * left blank) is no filter; other values are validated by the service.
 */
export function auditFilterParams(search: URLSearchParams | Record<string, string | string[] | undefined>): AuditFilterText {
  const read = (key: string) => (search instanceof URLSearchParams ? search.get(key) : search[key]);
  const params: AuditFilterText = {};
  for (const key of AUDIT_FILTER_KEYS) {
    const value = read(key);
    if (typeof value === "string" && value.trim() !== "") params[key] = value;
  }
  return params;
}
