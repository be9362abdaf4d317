/**
 * Table (Create CSV table / Create HTML table). Columns are either given (`columns: [{header,
 * value}]`, where `value` usually refers to item()) or taken from the keys of the first item.
 * CSV follows RFC 4180: every record ends with CRLF, and a field is quoted when it holds a comma,
 * a quote, CR or LF (quotes doubled).
 */
import { ActionFailure, describeType } from '../errors.ts';
import { requireArray, requireInputs, valueText } from './inputs.ts';

export type TableFormat = 'CSV' | 'HTML';

export interface TableColumn {
  header?: unknown;
  value?: unknown;
}

export interface TableInputs {
  from: unknown;
  format: unknown;
  columns?: unknown;
}

/**
 * Evaluates a column's `value` for one item (the runtime binds item()). Only called for explicit
 * `columns`; automatic columns read the item's property directly.
 */
export type ColumnEvaluator = (column: TableColumn, item: unknown, columnIndex: number) => unknown;

/** Renders `inputs.from` as a CSV or HTML table string. */
export function runTable(inputs: TableInputs, evaluateColumn?: ColumnEvaluator): string {
  const checked = requireInputs(inputs);
  const from = requireArray(checked.from, 'from');
  const format = readFormat(checked.format);
  const { headers, cells } = tableCells(from, checked.columns, evaluateColumn);
  return format === 'CSV' ? renderCsv(headers, cells) : renderHtml(headers, cells);
}

function readFormat(format: unknown): TableFormat {
  if (typeof format === 'string') {
    const upper = format.toUpperCase();
    if (upper === 'CSV' || upper === 'HTML') return upper;
  }
  throw new ActionFailure('InvalidActionInput', `inputs.format: expected 'CSV' or 'HTML', got ${JSON.stringify(format) ?? 'nothing'}`);
}

function tableCells(
  from: unknown[],
  columns: unknown,
  evaluateColumn: ColumnEvaluator | undefined,
): { headers: string[]; cells: string[][] } {
  if (columns === undefined || columns === null) {
    const first = from[0];
    if (first !== undefined && (first === null || typeof first !== 'object' || Array.isArray(first))) {
      throw new ActionFailure('InvalidActionInput', `inputs.from[0]: expected an object to take columns from, got ${describeType(first)}`);
    }
    const keys = first === undefined ? [] : Object.keys(first as object);
    const cells = from.map((item) => {
      const record = item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : {};
      return keys.map((k) => valueText(Object.hasOwn(record, k) ? record[k] : null));
    });
    return { headers: keys, cells };
  }
  const list = requireArray(columns, 'columns') as unknown[];
  const parsed = list.map((c, i) => {
    if (c === null || typeof c !== 'object' || Array.isArray(c)) {
      throw new ActionFailure('InvalidActionInput', `inputs.columns[${i}]: expected an object with header and value, got ${describeType(c)}`);
    }
    return c as TableColumn;
  });
  if (!evaluateColumn) throw new ActionFailure('InvalidActionInput', 'inputs.columns: an evaluator is needed for explicit columns');
  const cells = from.map((item) => parsed.map((column, i) => valueText(evaluateColumn(column, item, i))));
  return { headers: parsed.map((c) => valueText(c.header)), cells };
}

/** RFC 4180 field quoting. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function renderCsv(headers: string[], rows: string[][]): string {
  if (headers.length === 0) return '';
  return [headers, ...rows].map((r) => `${r.map(csvField).join(',')}\r\n`).join('');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[ch]};`);
}

function renderHtml(headers: string[], rows: string[][]): string {
  const head = `<thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`;
  const body = `<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody>`;
  return `<table>${head}${body}</table>`;
}
