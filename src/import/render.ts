/**
 * The tenant file as YAML, a comment on every setting naming the Graph
 * property it came from (`yaml`'s document model keeps comments on nodes).
 */
import { Document, isMap, isScalar, isSeq, type Node } from 'yaml';
import { pathKey, type TenantPath } from './context.ts';

function annotate(node: unknown, path: TenantPath, comments: ReadonlyMap<string, string>): void {
  const text = (p: TenantPath) => comments.get(pathKey(p));
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const childPath = [...path, key];
      const c = text(childPath);
      if (c) {
        if (isScalar(pair.value)) pair.value.comment = ` ${c}`;
        else if (isScalar(pair.key)) pair.key.comment = ` ${c}`;
      }
      annotate(pair.value, childPath, comments);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      // List items are named by index, or — for lists of ids such as `enabled` — by their value.
      const byValue = isScalar(item) ? text([...path, String(item.value)]) : undefined;
      const c = text([...path, i]) ?? byValue;
      if (c) {
        if (isScalar(item)) item.comment = ` ${c}`;
        else (item as Node).commentBefore = ` ${c}`;
      }
      annotate(item, [...path, i], comments);
    });
  }
}

/** YAML text of `value` with `header` lines on top and comments from `comments`. */
export function renderYaml(value: unknown, comments: ReadonlyMap<string, string>, header: readonly string[]): string {
  const doc = new Document(value);
  doc.commentBefore = header.map((l) => ` ${l}`.replace(/^ $/, '')).join('\n');
  annotate(doc.contents, [], comments);
  return doc.toString({ lineWidth: 0 });
}
