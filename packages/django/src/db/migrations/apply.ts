// Applying operations: `stateForwards` (pure, on the ProjectState) and
// `databaseForwards`/`databaseBackwards` (through the schema editor, given the states before
// and after the operation).
import type { SchemaEditor } from "../backends/types.ts";
import { MigrationError } from "../errors.ts";
import type { FieldSpec } from "../fields/field.ts";
import type {
  AlterField,
  AlterModelOptions,
  AlterModelTable,
  Operation,
  RenameField,
  SqlStatements,
} from "./operations.ts";
import {
  columnSpec,
  modelKey,
  tableName,
  tableSpec,
  type ModelState,
  type ProjectState,
} from "./state.ts";

function getModel(state: ProjectState, app: string, name: string): ModelState {
  const model = state.models[modelKey(app, name)];
  if (!model) throw new MigrationError(`Migration refers to unknown model ${app}.${name}`);
  return model;
}

function fieldIndex(model: ModelState, name: string): number {
  const index = model.fields.findIndex(([fieldName]) => fieldName === name);
  if (index < 0) throw new MigrationError(`${model.app}.${model.name} has no field '${name}'`);
  return index;
}

/**
 * Applies an operation to a state, returning a new state (the input is not changed).
 *
 * @example
 * const next = stateForwards(emptyState(), "polls", createModel({ name: "Question", fields: [] }));
 */
export function stateForwards(
  state: ProjectState,
  app: string,
  operation: Operation,
): ProjectState {
  const next: ProjectState = structuredClone(state);
  switch (operation.type) {
    case "CreateModel": {
      const key = modelKey(app, operation.name);
      if (next.models[key])
        throw new MigrationError(`Model ${app}.${operation.name} already exists`);
      next.models[key] = {
        app,
        name: operation.name,
        fields: structuredClone(operation.fields),
        options: structuredClone(operation.options ?? {}),
      };
      break;
    }
    case "DeleteModel":
      getModel(next, app, operation.name);
      delete next.models[modelKey(app, operation.name)];
      break;
    case "AddField": {
      const model = getModel(next, app, operation.modelName);
      if (model.fields.some(([name]) => name === operation.name)) {
        throw new MigrationError(`${app}.${operation.modelName}.${operation.name} already exists`);
      }
      model.fields.push([operation.name, structuredClone(operation.field)]);
      break;
    }
    case "RemoveField": {
      const model = getModel(next, app, operation.modelName);
      model.fields.splice(fieldIndex(model, operation.name), 1);
      break;
    }
    case "AlterField": {
      const model = getModel(next, app, operation.modelName);
      model.fields[fieldIndex(model, operation.name)] = [
        operation.name,
        structuredClone(operation.field),
      ];
      break;
    }
    case "RenameField": {
      const model = getModel(next, app, operation.modelName);
      const index = fieldIndex(model, operation.oldName);
      model.fields[index] = [operation.newName, (model.fields[index] as [string, FieldSpec])[1]];
      break;
    }
    case "AlterModelOptions": {
      const model = getModel(next, app, operation.name);
      const keep = model.options.dbTable;
      model.options = { ...structuredClone(operation.options) };
      if (keep !== undefined) model.options.dbTable = keep;
      else delete model.options.dbTable;
      break;
    }
    case "AlterModelTable": {
      const model = getModel(next, app, operation.name);
      if (operation.table === null) delete model.options.dbTable;
      else model.options.dbTable = operation.table;
      break;
    }
    case "RunSQL":
      break;
    default:
      throw new MigrationError(
        `Unknown migration operation ${JSON.stringify((operation as { type?: unknown }).type)}`,
      );
  }
  return next;
}

async function runStatements(editor: SchemaEditor, sql: SqlStatements): Promise<void> {
  const statements = typeof sql === "string" ? [sql] : sql;
  for (const statement of statements) {
    if (typeof statement === "string") {
      if (statement.trim() !== "") await editor.execute(statement);
    } else {
      await editor.execute(statement[0], statement[1]);
    }
  }
}

function fieldSpecOf(state: ProjectState, key: string, name: string): FieldSpec {
  const model = state.models[key] as ModelState;
  return (model.fields[fieldIndex(model, name)] as [string, FieldSpec])[1];
}

function columnOf(state: ProjectState, key: string, name: string) {
  return columnSpec(state, state.models[key] as ModelState, name, fieldSpecOf(state, key, name));
}

/**
 * Changes the schema from `from` (state before the operation) to `to` (after it).
 *
 * @example
 * await databaseForwards(editor, "polls", operation, before, after);
 */
export async function databaseForwards(
  editor: SchemaEditor,
  app: string,
  operation: Operation,
  from: ProjectState,
  to: ProjectState,
): Promise<void> {
  switch (operation.type) {
    case "CreateModel":
      return editor.createTable(tableSpec(to, modelKey(app, operation.name)));
    case "DeleteModel":
      return editor.deleteTable(
        tableName(from.models[modelKey(app, operation.name)] as ModelState),
      );
    case "AddField": {
      const key = modelKey(app, operation.modelName);
      return editor.addColumn(tableSpec(to, key), columnOf(to, key, operation.name));
    }
    case "RemoveField": {
      const key = modelKey(app, operation.modelName);
      return editor.removeColumn(tableSpec(from, key), columnOf(from, key, operation.name).name);
    }
    case "AlterField":
    case "RenameField": {
      const key = modelKey(app, operation.modelName);
      const [oldName, newName] =
        operation.type === "AlterField"
          ? [operation.name, operation.name]
          : [operation.oldName, operation.newName];
      const oldColumn = columnOf(from, key, oldName).name;
      const newColumn = columnOf(to, key, newName).name;
      return editor.alterColumn(tableSpec(from, key), tableSpec(to, key), oldColumn, newColumn);
    }
    case "AlterModelTable": {
      const key = modelKey(app, operation.name);
      return editor.renameTable(
        tableName(from.models[key] as ModelState),
        tableName(to.models[key] as ModelState),
      );
    }
    case "AlterModelOptions":
      return;
    case "RunSQL":
      return runStatements(editor, operation.sql);
  }
}

/**
 * Undoes an operation: `from` is the state after it, `to` the state before it.
 *
 * @example
 * await databaseBackwards(editor, "polls", operation, after, before);
 */
export async function databaseBackwards(
  editor: SchemaEditor,
  app: string,
  operation: Operation,
  from: ProjectState,
  to: ProjectState,
): Promise<void> {
  switch (operation.type) {
    case "CreateModel":
      return editor.deleteTable(
        tableName(from.models[modelKey(app, operation.name)] as ModelState),
      );
    case "DeleteModel":
      return editor.createTable(tableSpec(to, modelKey(app, operation.name)));
    case "AddField": {
      const key = modelKey(app, operation.modelName);
      return editor.removeColumn(tableSpec(from, key), columnOf(from, key, operation.name).name);
    }
    case "RemoveField": {
      const key = modelKey(app, operation.modelName);
      return editor.addColumn(tableSpec(to, key), columnOf(to, key, operation.name));
    }
    case "AlterField":
    case "RenameField":
    case "AlterModelTable":
    case "AlterModelOptions":
      // The same change in the other direction.
      return databaseForwards(editor, app, invert(operation), from, to);
    case "RunSQL":
      if (operation.reverseSql === undefined) {
        throw new MigrationError(
          "RunSQL without reverseSql cannot be unapplied",
          "DJANGO_E_DB_IRREVERSIBLE",
        );
      }
      return runStatements(editor, operation.reverseSql);
  }
}

function invert(
  operation: AlterField | RenameField | AlterModelTable | AlterModelOptions,
): Operation {
  if (operation.type === "RenameField") {
    return { ...operation, oldName: operation.newName, newName: operation.oldName };
  }
  return operation;
}
