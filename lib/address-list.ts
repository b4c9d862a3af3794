/**
 * Lists of email addresses as people type or paste them (Invite members). No
 * dependencies: the dialog counts addresses as they are typed, and the server
 * reads the list the same way.
 */

/** The addresses of a typed or pasted list: separated by commas, semicolons, spaces or new lines. */
export function splitAddressList(text: string): string[] {
  return text.split(/[\s,;]+/).filter(Boolean);
}

/** Each address once, compared as emailSchema compares them (trimmed, case-insensitively), in the order first given. */
export function uniqueAddresses(addresses: string[]): string[] {
  const seen = new Map<string, string>();
  for (const address of addresses) {
    const trimmed = address.trim();
    if (!seen.has(trimmed.toLowerCase())) seen.set(trimmed.toLowerCase(), trimmed);
  }
  return [...seen.values()];
}
