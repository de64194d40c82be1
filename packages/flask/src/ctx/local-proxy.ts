/**
 * An object that forwards every property access to whatever `resolve()` returns now, as
 * Werkzeug's `LocalProxy`. Methods and getters run on the real object (so private fields
 * work), and `instanceof` sees the real prototype.
 *
 * @example
 * const user = localProxy(() => currentUserStore.get()!);
 * user.name; // the current user's name
 */
export function localProxy<T extends object>(resolve: () => T): T {
  return new Proxy(Object.create(null) as T, {
    get(_target, property) {
      const real = resolve();
      const value: unknown = Reflect.get(real, property, real);
      return typeof value === "function" && property !== "constructor" ? value.bind(real) : value;
    },
    set(_target, property, value) {
      const real = resolve();
      return Reflect.set(real, property, value, real);
    },
    has: (_target, property) => Reflect.has(resolve(), property),
    deleteProperty: (_target, property) => Reflect.deleteProperty(resolve(), property),
    ownKeys: () => Reflect.ownKeys(resolve()),
    getOwnPropertyDescriptor(_target, property) {
      const descriptor = Reflect.getOwnPropertyDescriptor(resolve(), property);
      return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
    },
    defineProperty: (_target, property, descriptor) =>
      Reflect.defineProperty(resolve(), property, descriptor),
    getPrototypeOf: () => Reflect.getPrototypeOf(resolve()),
  });
}
