/**
 * The one error type of the OData module. `code` is what Graph puts in its error body
 * (`{"error": {"code": "BadRequest", "message": …}}`), `status` the HTTP status to answer with.
 */
export class ODataError extends Error {
  override name = 'ODataError';
  readonly code = 'BadRequest';
  readonly status = 400;
  /** The query option at fault, e.g. `$filter`; absent when the error is not about one option. */
  readonly option: string | undefined;
  /** Zero-based character offset in the option's text, when known. */
  readonly position: number | undefined;

  constructor(message: string, details: { option?: string; position?: number } = {}) {
    super(message);
    this.option = details.option;
    this.position = details.position;
  }

  /** The body Graph answers with. */
  toGraphError(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}
