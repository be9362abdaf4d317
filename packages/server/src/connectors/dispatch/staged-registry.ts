import {
  ConnectorRegistry,
  type Connector,
  type ConnectorOperation,
  type ConnectorResolver,
  type ConnectorWebhookOperation,
  type ResolvedOperation,
} from '@riposte/engine';

/**
 * A ConnectorRegistry (for code typed against the class, e.g. PlaybookService) over `base`, whose
 * resolve() goes through a dispatch stage (the change ledger, the change-request gate). It registers
 * into and lists `base`, so connectors added later are seen too; webhooks and validation lookups are
 * the base's own.
 */
export class StagedConnectorRegistry extends ConnectorRegistry {
  readonly #base: ConnectorRegistry;
  readonly #stage: ConnectorResolver;
  constructor(base: ConnectorRegistry, stage: ConnectorResolver) {
    super();
    this.#base = base;
    this.#stage = stage;
  }
  override register(connector: Connector): this {
    this.#base.register(connector);
    return this;
  }
  override get(api: string): Connector | undefined {
    return this.#base.get(api);
  }
  override list(): Connector[] {
    return this.#base.list();
  }
  override resolve(api: string, method: string, path: string): ResolvedOperation<ConnectorOperation> | undefined {
    const found = this.#stage.resolve(api, method, path);
    const connector = this.#base.get(api);
    return found && connector ? { ...found, connector } : undefined;
  }
  override resolveWebhook(api: string, method: string, path: string): ResolvedOperation<ConnectorWebhookOperation> | undefined {
    return this.#base.resolveWebhook(api, method, path);
  }
  override hasOperationFor(api: string, method: string, unevaluatedPath: string, webhook = false): boolean {
    return this.#base.hasOperationFor(api, method, unevaluatedPath, webhook);
  }
}
