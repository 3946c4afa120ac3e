// Bump arena over linear memory, owned by the host: the host asks for blocks (alloc), may roll back to a
// mark (release), and never frees single blocks. Nothing in the simulator allocates on its own, so the
// runtime "stub" never runs; memory grows only here, and a failed grow returns 0 instead of trapping.
//
//   0 ........ __heap_base | block | block | ... | top ........ memory.size() · 64 KiB
//              (static data)  16-byte aligned      (free, grown on demand)

let top: usize = 0;

function start(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}

/** Current end of the arena (first free byte). */
export function arenaTop(): usize {
  if (top == 0) top = start();
  return top;
}

/** Bytes of linear memory currently mapped. */
export function memoryBytes(): u64 {
  return <u64>memory.size() << 16;
}

/**
 * Reserves `bytes` (16-byte aligned), growing memory when needed; returns 0 when the request cannot be
 * met (over 4 GiB or the engine refuses to grow). The block is zero-filled.
 */
export function alloc(bytes: u64): usize {
  const p = arenaTop();
  const end = (<u64>p + bytes + 15) & ~(<u64>15);
  if (end > 0xffff0000) return 0;
  const have = memoryBytes();
  if (end > have) {
    const pages = <i32>((end - have + 0xffff) >> 16);
    if (memory.grow(pages) < 0) return 0;
  }
  memory.fill(p, 0, <usize>bytes);
  top = <usize>end;
  return p;
}

/** Rolls the arena back to `mark` (a value returned by arenaTop), dropping every later block. */
export function release(mark: usize): bool {
  if (mark < start() || mark > arenaTop() || (mark & 15) != 0) return false;
  top = mark;
  return true;
}

/** Whether [p, p + bytes) lies inside the allocated arena. */
export function inArena(p: u64, bytes: u64): bool {
  return p >= <u64>start() && p + bytes <= <u64>arenaTop();
}
