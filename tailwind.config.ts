import type { Config } from "tailwindcss";

// Loaded by app/globals.css with @config.
const config: Config = {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        brand: { 50: "#eef4ff", 100: "#dbe6fe", 500: "#3b6cf6", 600: "#2a55e0", 700: "#2244b8" },
      },
    },
  },
};

export default config;
