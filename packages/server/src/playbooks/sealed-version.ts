/**
 * A playbook version as it is stored: the values of its secure parameters (in `parameters` and as
 * `defaultValue` in the definition) sealed. They are opened only to start a run.
 */
import type { WorkflowDefinition } from '@riposte/engine';
import { isSealed, secureParameterNames, type ParameterSeal } from './parameter-seal.ts';
import type { PlaybookVersion } from './playbook-store.ts';

// Associated data: where a sealed value lives. Not secret; a ciphertext moved elsewhere does not open.
const valueRecord = (v: Pick<PlaybookVersion, 'playbookId' | 'version'>, name: string) => `playbook ${v.playbookId} v${v.version} /parameters/${name}`;
const defaultRecord = (v: Pick<PlaybookVersion, 'playbookId' | 'version'>, name: string) => `playbook ${v.playbookId} v${v.version} /definition/parameters/${name}/defaultValue`;

/** True when a secure value of the version is in clear (written before values were sealed). */
export function hasClearValues(version: PlaybookVersion): boolean {
  return secureParameterNames(version.definition).some((name) => {
    const value = version.parameters?.[name];
    const fallback = version.definition.parameters?.[name]?.defaultValue;
    return (value !== undefined && !isSealed(value)) || (fallback !== undefined && !isSealed(fallback));
  });
}

/**
 * True when a secure value of the version is in clear (written before values were sealed) or sealed
 * with another key than the current one (before a key rotation).
 */
export function needsSealing(version: PlaybookVersion, seal: ParameterSeal): boolean {
  return secureParameterNames(version.definition).some((name) => {
    const value = version.parameters?.[name];
    const fallback = version.definition.parameters?.[name]?.defaultValue;
    return (value !== undefined && !seal.isCurrent(value)) || (fallback !== undefined && !seal.isCurrent(fallback));
  });
}

/**
 * The version with every secure value sealed with the current key: clear ones sealed, those of an
 * older key sealed again (throws SealedParameterError when that key is not loaded).
 */
export function sealVersion(version: PlaybookVersion, seal: ParameterSeal): PlaybookVersion {
  const names = secureParameterNames(version.definition);
  if (names.length === 0) return version;
  const parameters = { ...version.parameters };
  const declared = { ...version.definition.parameters };
  for (const name of names) {
    const value = parameters[name];
    if (value !== undefined) parameters[name] = seal.reseal(value, valueRecord(version, name));
    const decl = declared[name]!;
    if (decl.defaultValue !== undefined) declared[name] = { ...decl, defaultValue: seal.reseal(decl.defaultValue, defaultRecord(version, name)) };
  }
  return { ...version, parameters, definition: { ...version.definition, parameters: declared } };
}

/** The definition and parameter values a run of the version starts with, secure values in clear. */
export function openVersion(version: PlaybookVersion, seal: ParameterSeal): { definition: WorkflowDefinition; parameters: Record<string, unknown> } {
  const names = secureParameterNames(version.definition);
  if (names.length === 0) return { definition: version.definition, parameters: version.parameters };
  const parameters = { ...version.parameters };
  const declared = { ...version.definition.parameters };
  for (const name of names) {
    if (parameters[name] !== undefined) parameters[name] = seal.open(parameters[name], valueRecord(version, name));
    const decl = declared[name]!;
    if (decl.defaultValue !== undefined) declared[name] = { ...decl, defaultValue: seal.open(decl.defaultValue, defaultRecord(version, name)) };
  }
  return { definition: { ...version.definition, parameters: declared }, parameters };
}

/** The definition as the API shows it: defaults of secure parameters replaced by `replacement`. */
export function withSecureDefaults(definition: WorkflowDefinition, replacement: unknown): WorkflowDefinition {
  const names = secureParameterNames(definition).filter((name) => definition.parameters?.[name]?.defaultValue !== undefined);
  if (names.length === 0) return definition;
  const declared = { ...definition.parameters };
  for (const name of names) declared[name] = { ...declared[name]!, defaultValue: replacement };
  return { ...definition, parameters: declared };
}
