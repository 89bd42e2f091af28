/** Props a test can change after mounting, as a parent page would (a `$state` object). */
export function changeableProps<T extends Record<string, unknown>>(initial: T): T {
  const props = $state(initial);
  return props;
}
