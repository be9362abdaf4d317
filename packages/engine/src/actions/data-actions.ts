/** ParseJson, Query, Select, Join, Table: evaluate inputs here, compute in the pure functions of data/. */
import type { ActionContext, ActionHandler } from '../runtime/action-handler.ts';
import { evaluateIn } from '../runtime/expressions.ts';
import type { Frame } from '../runtime/frame.ts';
import { runJoin, runParseJson, runQuery, runSelect, runTable, type TableColumn } from './data/index.ts';

/** The frame in which item() is the action's current item (Query/Select/Table templates). */
function itemFrame(ctx: ActionContext, item: unknown, index: number): Frame {
  return { iteration: ctx.frame.iteration, loops: [...ctx.frame.loops, { name: ctx.name, index, item, foreach: true }] };
}

function rawInputs(ctx: ActionContext): Record<string, unknown> {
  return (ctx.def.inputs ?? {}) as Record<string, unknown>;
}

/** Evaluates `field` of the inputs once per item, with item() bound. */
function perItem(ctx: ActionContext, field: string) {
  const raw = rawInputs(ctx);
  let index = 0;
  return (item: unknown) => evaluateIn(ctx.run.scope(itemFrame(ctx, item, index++)), raw, field, raw[field], `action '${ctx.name}' inputs.${field}`);
}

export const parseJsonAction: ActionHandler = {
  sideEffect: false,
  immediate: true,
  async run(ctx) {
    const inputs = ctx.evaluate(ctx.def, 'inputs', ctx.def.inputs) as { content: unknown; schema?: unknown };
    return { status: 'Succeeded', inputs, outputs: { body: runParseJson(inputs) } };
  },
};

export const queryAction: ActionHandler = {
  sideEffect: false,
  immediate: true,
  async run(ctx) {
    const raw = rawInputs(ctx);
    const from = evaluateIn(ctx.run.scope(ctx.frame), raw, 'from', raw.from, `action '${ctx.name}' inputs.from`);
    const body = runQuery({ from, where: raw.where }, perItem(ctx, 'where'));
    return { status: 'Succeeded', inputs: { from, where: raw.where }, outputs: { body } };
  },
};

export const selectAction: ActionHandler = {
  sideEffect: false,
  immediate: true,
  async run(ctx) {
    const raw = rawInputs(ctx);
    const from = evaluateIn(ctx.run.scope(ctx.frame), raw, 'from', raw.from, `action '${ctx.name}' inputs.from`);
    const body = runSelect({ from, select: raw.select }, perItem(ctx, 'select'));
    return { status: 'Succeeded', inputs: { from, select: raw.select }, outputs: { body } };
  },
};

export const joinAction: ActionHandler = {
  sideEffect: false,
  immediate: true,
  async run(ctx) {
    const inputs = ctx.evaluate(ctx.def, 'inputs', ctx.def.inputs) as { from: unknown; joinWith?: unknown };
    return { status: 'Succeeded', inputs, outputs: { body: runJoin(inputs) } };
  },
};

export const tableAction: ActionHandler = {
  sideEffect: false,
  immediate: true,
  async run(ctx) {
    const raw = rawInputs(ctx);
    const scope = ctx.run.scope(ctx.frame);
    const from = evaluateIn(scope, raw, 'from', raw.from, `action '${ctx.name}' inputs.from`);
    const format = evaluateIn(scope, raw, 'format', raw.format, `action '${ctx.name}' inputs.format`);
    const evaluateColumn = (column: TableColumn, item: unknown, columnIndex: number) =>
      evaluateIn(ctx.run.scope(itemFrame(ctx, item, 0)), column as object, 'value', column.value, `action '${ctx.name}' inputs.columns[${columnIndex}].value`);
    const body = runTable({ from, format, columns: raw.columns }, evaluateColumn);
    return { status: 'Succeeded', inputs: { from, format, columns: raw.columns }, outputs: { body } };
  },
};
