// Installs relation accessors on model prototypes: `choice.question` (forward, a lazy thenable
// with a setter), `question.choiceSet` (reverse, a related manager), and binds managers that
// were created without a model. `base` is Model.prototype, whose members fields may not shadow.
import { FieldError } from "../errors.ts";
import { ForeignKey } from "../fields/related.ts";
import { Manager } from "./manager.ts";
import type { Model } from "./model.ts";
import type { Options } from "./options.ts";
import { getModels } from "./registry.ts";
import { RelatedManager, RelatedObject, setRelated } from "./related-descriptors.ts";

const installedReverse = new WeakSet<ForeignKey>();

/** Internal: installs ForeignKey accessors and binds managers created without a model. */
export function installAccessors(options: Options, base: object): void {
  const model = options.model;
  for (const field of options.fields) {
    for (const name of new Set([field.name, field.attname])) {
      if (name in base) {
        throw new FieldError(`${model.name}.${name} clashes with a Model member; rename the field`);
      }
    }
    if (field instanceof ForeignKey) {
      Object.defineProperty(model.prototype, field.name, {
        configurable: true,
        get(this: Model) {
          return new RelatedObject(this, field);
        },
        set(this: Model, value: unknown) {
          setRelated(this, field, value);
        },
      });
    }
  }
  for (const key of Object.getOwnPropertyNames(model)) {
    const descriptor = Object.getOwnPropertyDescriptor(model, key);
    if (descriptor?.value instanceof Manager) descriptor.value.contributeToClass(model);
  }
}

/** Internal: installs reverse accessors (`question.choiceSet`) for every resolvable ForeignKey. */
export function installReverseAccessors(base: object): void {
  for (const model of getModels()) {
    for (const field of model.getMeta().foreignKeys) {
      if (installedReverse.has(field)) continue;
      const target = field.tryRelatedModel();
      if (!target) continue;
      const relation = target.getMeta().relatedObjects.find((r) => r.field === field);
      if (!relation) continue;
      installedReverse.add(field);
      if (relation.accessorName in base) {
        throw new FieldError(
          `Reverse accessor ${target.name}.${relation.accessorName} clashes with a Model member; set relatedName`,
        );
      }
      Object.defineProperty(target.prototype, relation.accessorName, {
        configurable: true,
        get(this: Model) {
          return new RelatedManager(this, relation);
        },
      });
    }
  }
}
