/** A tiny typed event emitter: one set of listeners per event name, unsubscribe by the returned function. */
export interface Emitter<E> {
  on<K extends keyof E>(event: K, listener: (payload: E[K]) => void): () => void;
  emit<K extends keyof E>(event: K, payload: E[K]): void;
  clear(): void;
}

export function createEmitter<E>(): Emitter<E> {
  let listeners: { [K in keyof E]?: Set<(payload: E[K]) => void> } = {};
  return {
    on(event, listener) {
      const set = (listeners[event] ??= new Set());
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    emit(event, payload) {
      // A copy: a listener may unsubscribe (or subscribe another) while being called.
      for (const listener of [...(listeners[event] ?? [])]) listener(payload);
    },
    clear() {
      listeners = {};
    },
  };
}
