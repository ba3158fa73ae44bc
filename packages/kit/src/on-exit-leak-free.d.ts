// on-exit-leak-free (pino's own dependency) ships no types. It calls fn(obj, event) on 'exit' /
// 'beforeExit' for as long as obj is alive, holding it only weakly.
declare module 'on-exit-leak-free' {
  type Hook<T extends object> = (obj: T, event: 'exit' | 'beforeExit') => void;
  const onExit: {
    register<T extends object>(obj: T, fn: Hook<T>): void;
    unregister(obj: object): void;
  };
  export default onExit;
}
