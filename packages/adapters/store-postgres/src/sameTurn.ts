/**
 * Gathers what is asked for during the current turn of the event loop and hands it over in
 * one batch at its end (`setImmediate`): requests handled in separate I/O callbacks of the
 * same turn, and everything a `Promise.all` starts, arrive together. The wait is a few
 * microseconds; a statement's round trip here is tens to hundreds.
 */
export const sameTurn = <T>(flush: (batch: T[]) => void): ((item: T) => void) => {
  let waiting: T[] = [];
  let scheduled = false;
  const handOver = (): void => {
    scheduled = false;
    const batch = waiting;
    waiting = [];
    flush(batch);
  };
  return (item) => {
    waiting.push(item);
    if (!scheduled) {
      scheduled = true;
      setImmediate(handOver);
    }
  };
};
