// What deleting an object takes with it (Django's NestedObjects collector for the delete
// confirmation page): CASCADE rows, nested, and PROTECT/RESTRICT rows that block it.
import { CASCADE, PROTECT, RESTRICT, type Model, type ModelClass } from "../../db/index.ts";
import { capfirst, metaOf } from "./_util.ts";

/** One object to be deleted, with the objects deleting it cascades to. */
export interface DeletedNode {
  text: string;
  children: DeletedNode[];
}

/** The result of collecting: the tree, per-model counts, and what blocks the delete. */
export interface DeletionSummary {
  tree: DeletedNode;
  counts: { name: string; count: number }[];
  protectedObjects: string[];
}

const MAX_DEPTH = 8;

/**
 * Collects what deleting `obj` deletes, for the confirmation page.
 *
 * @example
 * const summary = await collectDeleted(question); // tree: Question: … → Choice: …, Choice: …
 */
export async function collectDeleted(obj: Model): Promise<DeletionSummary> {
  const counts = new Map<string, number>();
  const protectedObjects: string[] = [];
  async function visit(node: Model, depth: number): Promise<DeletedNode> {
    const model = node.constructor as ModelClass;
    const meta = metaOf(model);
    counts.set(meta.verboseNamePlural, (counts.get(meta.verboseNamePlural) ?? 0) + 1);
    const children: DeletedNode[] = [];
    if (depth < MAX_DEPTH) {
      for (const relation of meta.relatedObjects) {
        const onDelete = relation.field.onDelete;
        if (onDelete !== CASCADE && onDelete !== PROTECT && onDelete !== RESTRICT) continue;
        const rows = await relation.model.objects.filter({ [relation.field.attname]: node.pk });
        for (const row of rows) {
          const label = `${capfirst(metaOf(relation.model).verboseName)}: ${String(row)}`;
          if (onDelete === CASCADE) children.push(await visit(row, depth + 1));
          else protectedObjects.push(label);
        }
      }
    }
    return { text: `${capfirst(meta.verboseName)}: ${String(node)}`, children };
  }
  const tree = await visit(obj, 0);
  return {
    tree,
    counts: [...counts].map(([name, count]) => ({ name: capfirst(name), count })),
    protectedObjects,
  };
}
