import { startEmbeddedPostgres } from "./embedded";
(async () => {
  const s = await startEmbeddedPostgres({ dataDir: "/work/main/.data/scratch-pg", persistent: true, fast: true });
  console.log(s.adminUrl);
  require("fs").writeFileSync("/tmp/pgurl", s.adminUrl);
  setInterval(() => {}, 1 << 30);
})();
