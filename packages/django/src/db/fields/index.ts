// The field classes, re-exported for src/db/index.ts.
export { Field, type Choice, type FieldOptions, type FieldSpec, type Validator } from "./field.ts";
export {
  AutoField,
  BooleanField,
  CharField,
  EmailField,
  FloatField,
  IntegerField,
  TextField,
  type CharFieldOptions,
} from "./scalar.ts";
export { DateField, DateTimeField, type DateTimeFieldOptions } from "./datetime.ts";
export {
  CASCADE,
  DO_NOTHING,
  ForeignKey,
  PROTECT,
  RESTRICT,
  SET_DEFAULT,
  SET_NULL,
  type ForeignKeyOptions,
  type ModelReference,
  type OnDelete,
} from "./related.ts";
