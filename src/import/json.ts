/**
 * Reading a Graph export file: JSON as real exports hold it. `jsonc-parser`
 * (VS Code's JSON parser) keeps the offset of every node and accepts the
 * trailing commas Microsoft's own doc examples carry; errors become
 * `file:line:col` diagnostics that say what was expected. PowerShell's
 * Out-File writes UTF-16 with a byte-order mark, and the Microsoft Graph
 * PowerShell SDK's objects serialise with PascalCase keys and an
 * `AdditionalProperties` bag: both read as the camelCase Graph returns.
 */
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import type { Diagnostic } from '../scenario/diagnostics.ts';

export type JsonPath = readonly (string | number)[];

export interface JsonDoc {
  file: string;
  /** The value with Graph's camelCase keys (see `normalise`). */
  value: unknown;
  /** Where a path of the normalised value is in the file (the nearest node that exists). */
  at: (path: JsonPath) => { line: number; col: number };
}

export type JsonRead = { ok: true; doc: JsonDoc } | { ok: false; errors: Diagnostic[] };

/** What each jsonc-parser error code means for someone editing the file (ParseErrorCode). */
const EXPECTED: Record<number, string> = {
  1: 'unexpected character; expected a JSON value or punctuation',
  2: 'not a valid number',
  3: 'expected a property name in double quotes',
  4: 'expected a value: a string, a number, true, false, null, an object or a list',
  5: 'expected ":" after the property name',
  6: 'expected "," between items',
  7: 'expected "}" to close the object',
  8: 'expected "]" to close the list',
  9: 'expected the end of the file after the JSON value (are two documents in one file?)',
  10: 'a comment is not allowed here',
  11: 'the comment is not closed',
  12: 'the string is not closed: expected a closing double quote',
  13: 'the number is cut short',
  14: 'not a valid \\u escape',
  15: 'not a valid escape character',
  16: 'a control character must be escaped in a string',
};

/** Text from the bytes: UTF-8 (a byte-order mark dropped) or UTF-16 LE / BE with one. */
export function decode(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const text = new TextDecoder('utf-8').decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function positionOf(starts: readonly number[], offset: number): { line: number; col: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid; else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - starts[lo]! + 1 };
}

/** PowerShell SDK keys (`DisplayName`) as Graph's (`displayName`); `@odata.*` keys stay. */
const graphKey = (key: string): string => (/^[A-Z]/.test(key) ? key[0]!.toLowerCase() + key.slice(1) : key);

const key = (path: JsonPath): string => JSON.stringify(path);

/**
 * The node's value with Graph keys, recording each normalised path's offset.
 * An SDK object's `AdditionalProperties` are merged into it: that is where
 * the SDK keeps the properties of a derived type (`@odata.type`, `includeTargets`…).
 */
function normalise(node: Node, path: (string | number)[], offsets: Map<string, number>): unknown {
  offsets.set(key(path), node.offset);
  switch (node.type) {
    case 'array':
      return (node.children ?? []).map((child, i) => normalise(child, [...path, i], offsets));
    case 'object': {
      const out: Record<string, unknown> = {};
      const put = (prop: Node) => {
        const [k, v] = prop.children ?? [];
        if (!k || !v) return;
        const name = graphKey(String(k.value));
        if (name === 'additionalProperties' && v.type === 'object') { for (const inner of v.children ?? []) put(inner); return; }
        out[name] = normalise(v, [...path, name], offsets);
      };
      for (const prop of node.children ?? []) put(prop);
      return out;
    }
    default:
      return node.value;
  }
}

/** Parses one file's bytes; `file` names it in diagnostics. */
export function readJson(bytes: Uint8Array, file: string): JsonRead {
  const text = decode(bytes);
  const starts = lineStarts(text);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  if (errors.length > 0 || !root) {
    const found = errors.length > 0 ? errors : [{ error: 4, offset: 0, length: 0 }];
    return {
      ok: false,
      errors: found.map((e) => ({
        file, ...positionOf(starts, e.offset), path: '', severity: 'error' as const,
        message: `JSON: ${EXPECTED[e.error] ?? 'not valid JSON'}`,
      })),
    };
  }
  const offsets = new Map<string, number>();
  const value = normalise(root, [], offsets);
  const at = (path: JsonPath) => {
    for (let n = path.length; n >= 0; n--) {
      const offset = offsets.get(key(path.slice(0, n)));
      if (offset !== undefined) return positionOf(starts, offset);
    }
    return { line: 1, col: 1 };
  };
  return { ok: true, doc: { file, value, at } };
}
