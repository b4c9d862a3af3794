import net from "node:net";
import { expect, expectDashboard, expectWelcome, ISOLATED_ADDRESS, ownerWithOrganization, sql, test, uid } from "./support";

/**
 * Issue 12 item 3: an office behind one shared address onboards everyone it
 * invited, while plain sign-ups from that address still stop at 20 an hour.
 *
 * Every browser of the other tests shares 127.0.0.1 and resets the counters
 * as each test starts, so this test gets an address of its own: its browser
 * reaches the app through a loopback relay whose connections to the app come
 * from ISOLATED_ADDRESS, which the app sees as the client's address.
 */

type Relay = { origin: string; close(): Promise<void> };

async function relayFrom(address: string, target: URL): Promise<Relay> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: target.hostname, port: Number(target.port), localAddress: address });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => [client, upstream].forEach((end) => end.destroy()));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    origin: `http://${address}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const hits = async (key: string) =>
  Number((await sql<{ hits: string }>("SELECT coalesce(sum(hits), 0) AS hits FROM rate_limit_buckets WHERE key = $1", [key]))[0]!.hits);

test("30 invitation sign-ups from one address all join; the 21st plain sign-up from it is still refused", async ({ people, baseURL }) => {
  test.setTimeout(300_000);
  const org = "Kickoff";
  const owner = await ownerWithOrganization(people, "Kim", org);
  const relay = await relayFrom(ISOLATED_ADDRESS, new URL(baseURL!));
  try {
    await sql("DELETE FROM rate_limit_buckets WHERE key LIKE $1", [`%:${ISOLATED_ADDRESS}`]);
    // The 30 invitations, made through the API with Kim's session (the owner's own browser, on 127.0.0.1).
    const run = uid();
    const tokens: { email: string; token: string }[] = [];
    for (let i = 0; i < 30; i += 1) {
      const email = `kickoff${i}.${run}@example.com`;
      const response = await owner.page.request.post("/api/v1/invitations", {
        data: { email, role: "member", sendEmail: false },
        headers: { Origin: baseURL! },
      });
      expect(response.status()).toBe(201);
      tokens.push({ email, token: ((await response.json()) as { url: string }).url.split("/accept-invitation/")[1]! });
    }

    // Each new person signs up in the browser from their link, through the office's one address.
    const office = await people.add("Office");
    const { page, context } = office;
    for (const [i, { email, token }] of tokens.entries()) {
      await context.clearCookies();
      // Opening and using links is limited too (60 a minute per address), which this test isn't about.
      if (i % 10 === 0) await sql("DELETE FROM rate_limit_buckets WHERE key = $1", [`invitation-lookup:ip:${ISOLATED_ADDRESS}`]);
      await page.goto(`${relay.origin}/sign-up?invitation=${encodeURIComponent(token)}`);
      await expect(page.getByLabel("Email")).toHaveValue(email);
      await page.getByLabel("Name").fill(`Kickoff Person ${i}`);
      await page.getByLabel("Password").fill("correct horse battery staple");
      await page.getByRole("button", { name: "Create account" }).click();
      await expectDashboard(page, org, "Member");
      if (i === 0 || i === 29) await expectWelcome(page, org, "Member");
    }
    expect(await hits(`sign-up:ip:${ISOLATED_ADDRESS}`)).toBe(0);
    await expect(page.getByTestId("member-count")).toHaveText("31");

    // Plain sign-ups from the same address still count: 20 are answered, the 21st refused.
    await context.clearCookies();
    for (let i = 0; i < 21; i += 1) {
      await page.goto(`${relay.origin}/sign-up`);
      await page.getByLabel("Name").fill(`Walk In ${i}`);
      await page.getByLabel("Email").fill(`walkin${i}.${run}@example.com`);
      await page.getByLabel("Password").fill("correct horse battery staple");
      await page.getByRole("button", { name: "Create account" }).click();
      if (i < 20) await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
    }
    await expect(page.getByText("Too many accounts created from this address. Try again later.")).toBeVisible();
    expect(await hits(`sign-up:ip:${ISOLATED_ADDRESS}`)).toBe(20);
  } finally {
    await relay.close();
  }
});
