/** Props a test can change after mounting, as a parent page would (a `$state` object). */
export function changeableProps<T extends Record<string, unknown>>(initial: T): T {
  const props = $state(initial);
  return props;
}

/** Props as a parent page gives them when it binds some (`bind:value`): the `bound` ones are each a getter and a
 *  setter over one `$state` object, so what the component writes is read back from the result (and what a test
 *  writes reaches the component); the `fixed` ones are passed as they are. */
export function boundProps<B extends Record<string, unknown>, F extends Record<string, unknown>>(bound: B, fixed: F): B & F {
  const values = $state(bound);
  const props = { ...fixed } as B & F;
  for (const key of Object.keys(bound) as (keyof B)[]) {
    Object.defineProperty(props, key, { get: () => values[key], set: (v: B[keyof B]) => (values[key] = v), enumerable: true });
  }
  return props;
}
