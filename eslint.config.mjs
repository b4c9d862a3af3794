import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTypescript,
  { ignores: [".next/**", ".data/**", "node_modules/**", "lib/generated/**", "next-env.d.ts", "coverage/**", "test-results/**", "tests/e2e/artifacts/**"] },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["tests/**", "jest.config.js", "next.config.js", "lib/cli/**"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
];

export default config;
