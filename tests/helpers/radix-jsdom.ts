/**
 * The browser APIs Radix's menus, dialogs and selects call and jsdom lacks,
 * as no-ops; call in beforeAll of a jsdom test that opens one.
 */
export function provideBrowserApisRadixUses() {
  const proto = window.HTMLElement.prototype as unknown as Record<string, unknown>;
  proto.scrollIntoView ??= function scrollIntoView() {};
  proto.hasPointerCapture ??= () => false;
  proto.releasePointerCapture ??= function releasePointerCapture() {};
  proto.setPointerCapture ??= function setPointerCapture() {};
  (globalThis as Record<string, unknown>).ResizeObserver ??= class ResizeObserver {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}
