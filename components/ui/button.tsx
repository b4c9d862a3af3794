import type { ComponentProps } from "react";

export type ButtonVariant = "primary" | "secondary" | "danger" | "ghost";

/** Two short classes (styled in app/globals.css): pages repeat buttons, and each copy travels twice (HTML and RSC payload). */
export function buttonClass(variant: ButtonVariant = "primary", extra = "") {
  return extra ? `btn btn-${variant} ${extra}` : `btn btn-${variant}`;
}

export function Button({ variant = "primary", className = "", ...props }: ComponentProps<"button"> & { variant?: ButtonVariant }) {
  return <button className={buttonClass(variant, className)} {...props} />;
}
