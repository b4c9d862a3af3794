import type { ActionState, FormAction } from "@/lib/forms/action-state";

/** A form action for component tests: records what each submission sent and answers `result`. */
export function recorder(result: ActionState = {}) {
  const calls: Record<string, FormDataEntryValue>[] = [];
  const action: FormAction = async (_state, formData) => {
    calls.push(Object.fromEntries(formData));
    return result;
  };
  return { calls, action };
}
