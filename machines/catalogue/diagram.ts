/**
 * The key printed under an exported drawing's title: what each mark of the
 * Graphviz drawing means, in the words a docs reader needs. Only the marks a
 * drawing uses are explained (src/export/key.ts decides which).
 */
export const KEY_MARKS = [
  'initial', 'final', 'collapsed', 'external', 'history', 'eventless', 'targetless', 'junction', 'count', 'highlighted',
] as const;
export type KeyMark = (typeof KEY_MARKS)[number];

export const KEY_WORDS: Readonly<Record<KeyMark, string>> = {
  initial: 'where the flow, or a box inside it, starts',
  final: 'an outcome: the flow ends here',
  collapsed: 'a part of the flow drawn as one box at this depth',
  external: 'outside the part drawn',
  history: 'back to the screen last left inside',
  eventless: 'taken by itself when its condition holds',
  targetless: 'handled without leaving the screen',
  junction: 'one action from several screens',
  count: 'four transitions with one label, drawn as one',
  highlighted: 'the path or states highlighted',
};

/** The words inside a mark's sample, where it has any: the sample itself is drawn as the drawing draws the mark. */
export const KEY_SAMPLE_WORDS: Readonly<Partial<Record<KeyMark, string>>> = {
  final: 'end',
  collapsed: 'N states inside',
  history: 'H',
  count: 'x4',
  highlighted: 'lit',
};

/** The key's heading. */
export const KEY_TITLE = 'Key';
