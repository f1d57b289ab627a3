/**
 * What a replace query places: a move's new instance or a guest's join, as a typed value, and
 * the string key it is stored under.
 *
 * The key's serialized form (`move:<move id>`, `join:<browser id>`) appears in the state-level
 * trace (`placings`, `lastPlacement.key`) and in replace-query messages, so it stays as it
 * was; these two functions are the only places that write or read it.
 */

/** What a placing is for. */
export type PlacingFor = { kind: 'move'; move: string } | { kind: 'join'; browser: string };

/** The key a placing is stored and sent under. */
export function placingKey(p: PlacingFor): string {
  return p.kind === 'move' ? `move:${p.move}` : `join:${p.browser}`;
}

/** The placing a key stands for. */
export function placingFor(key: string): PlacingFor {
  const colon = key.indexOf(':');
  const id = key.slice(colon + 1);
  return key.slice(0, colon) === 'move'
    ? { kind: 'move', move: id }
    : { kind: 'join', browser: id };
}
