export { runQuery, type QueryInputs } from './query.ts';
export { runSelect, type SelectInputs } from './select.ts';
export { runJoin, type JoinInputs } from './join.ts';
export { runTable, csvField, type TableInputs, type TableColumn, type TableFormat, type ColumnEvaluator } from './table.ts';
export { runParseJson, type ParseJsonInputs, type SchemaProblem } from './parse-json.ts';
export {
  parseVariableType,
  isVariableValue,
  checkVariableType,
  emptyVariableValue,
  initialVariable,
  setVariableValue,
  incrementVariable,
  decrementVariable,
  appendToArrayVariable,
  appendToStringVariable,
  type VariableType,
  type VariableState,
} from './variables.ts';
export { valueText } from './inputs.ts';
